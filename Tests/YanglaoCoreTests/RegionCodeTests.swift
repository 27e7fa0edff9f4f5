import Testing
import YanglaoCore

@Suite struct RegionCodeTests {
    struct LevelCase: Sendable, CustomTestStringConvertible {
        let code: String, level: RegionLevel, kind: RegionKind, parent: String?, prefix: String
        var testDescription: String { code }
    }

    @Test(arguments: [
        LevelCase(code: "410000000000", level: .province, kind: .province, parent: nil, prefix: "41"),
        LevelCase(code: "410900000000", level: .city, kind: .city, parent: "410000000000", prefix: "4109"),
        LevelCase(code: "410902000000", level: .county, kind: .county, parent: "410900000000", prefix: "410902"),
        LevelCase(code: "410902001000", level: .township, kind: .street, parent: "410902000000", prefix: "410902001"),
        LevelCase(code: "410928101000", level: .township, kind: .town, parent: "410928000000", prefix: "410928101"),
        LevelCase(code: "410928203000", level: .township, kind: .township, parent: "410928000000", prefix: "410928203"),
        LevelCase(code: "411002570000", level: .township, kind: .specialTownship, parent: "411002000000", prefix: "411002570"),
        LevelCase(code: "410902001001", level: .village, kind: .community, parent: "410902001000", prefix: "410902001001"),
        LevelCase(code: "411381110201", level: .village, kind: .village, parent: "411381110000", prefix: "411381110201"),
    ])
    func levelKindParentAndPrefixFollowTheSegments(_ c: LevelCase) throws {
        let code = try RegionCode(c.code)
        #expect(code.level == c.level)
        #expect(code.kind == c.kind)
        #expect(code.parent?.value == c.parent)
        #expect(code.significantPrefix == c.prefix)
    }

    @Test(arguments: [
        ("41090", RegionCode.ParseError.wrongLength(5)),
        ("4109000000000", .wrongLength(13)),
        ("41090000000a", .notDigits),
        ("４１０９００００００００", .wrongLength(36)),
        ("990900000000", .invalidProvince("99")),
        ("100900000000", .invalidProvince("10")),
        ("410902600000", .segmentOutOfRange(segment: "township", value: "600")),
        ("410902001700", .segmentOutOfRange(segment: "village", value: "700")),
        ("410900000001", .missingParentSegment),
        ("410002000000", .missingParentSegment),
    ])
    func malformedCodesAreRejectedWithTheReason(_ text: String, _ expected: RegionCode.ParseError) {
        #expect(throws: expected) { try RegionCode(text) }
    }

    @Test func containsCoversTheWholeSubtreeAndNothingElse() throws {
        let county = try RegionCode("410902000000")
        #expect(county.contains(county))
        #expect(county.contains(try RegionCode("410902001000")))
        #expect(county.contains(try RegionCode("410902001001")))
        #expect(!county.contains(try RegionCode("410922001001")))
        #expect(!county.contains(try RegionCode("410900000000")))
        let village = try RegionCode("410902001001")
        #expect(!village.contains(try RegionCode("410902001002")))
        #expect(!village.contains(county))
    }

    @Test func lineageRunsFromProvinceDown() throws {
        let lineage = try RegionCode("410902001001").lineage.map(\.value)
        #expect(lineage == ["410000000000", "410900000000", "410902000000", "410902001000", "410902001001"])
    }

    @Test func childCodesFillTheNextSegment() throws {
        #expect(try RegionCode("410900000000").child(2).value == "410902000000")
        #expect(try RegionCode("410902000000").child(101).value == "410902101000")
        #expect(try RegionCode("410902101000").child(203).value == "410902101203")
        #expect(throws: RegionCode.ParseError.self) { try RegionCode("410902101203").child(1) }
    }
}

@Suite struct CommonAncestorTests {
    @Test func theDeepestRegionHoldingAllCodes() throws {
        let codes = try ["410902001001", "410902001002", "410902003201"].map { try RegionCode($0) }
        #expect(RegionCode.commonAncestor(of: codes)?.value == "410902000000")
        #expect(RegionCode.commonAncestor(of: [try RegionCode("410902001001")])?.value == "410902001001")
        #expect(RegionCode.commonAncestor(of: try ["410902001001", "411002001001"].map { try RegionCode($0) })?.value == "410000000000")
        #expect(RegionCode.commonAncestor(of: try ["410902001001", "110105001001"].map { try RegionCode($0) }) == nil)
        #expect(RegionCode.commonAncestor(of: [RegionCode]()) == nil)
    }
}
