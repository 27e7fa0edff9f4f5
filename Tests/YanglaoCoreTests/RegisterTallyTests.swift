import Testing
import YanglaoCore

@Suite struct RegisterTallyTests {
    @Test func aTallyReadsBackFromItsTextAndSums() throws {
        var village = RegisterTally()
        village.add(3, .sex, "male")
        village.add(2, .sex, "female")
        village.add(4, .band, "60-64")
        village.add(1, .band, "100+")
        village.add(5, .status, "active")
        village.add(7, .category, "no_such_category")
        #expect(village.count(.category, "no_such_category") == 0)
        let text = village.text
        #expect(text.hasPrefix("5,0,0,3,2,0,4,"))
        #expect(RegisterTally(text: text) == village)
        #expect(village.active == 5)

        var city = try #require(RegisterTally(text: text))
        city.add(village)
        #expect(city.count(.sex, "male") == 6)
        #expect(city.counts(.sex, as: Sex.self) == [.male: 6, .female: 4])
        #expect(city.counts(.band, as: AgeBand.self) == [.from60: 8, .from100: 2])
    }

    @Test func textOfAnotherLayoutOrBrokenTextIsRefused() {
        let text = RegisterTally().text
        #expect(RegisterTally(text: text) == RegisterTally())
        for bad in [
            "", text + ",0", String(text.dropLast(2)), text.replacingOccurrences(of: "0", with: "x"), "1,,2",
            text.replacingOccurrences(of: ",", with: ";"),
        ] {
            #expect(RegisterTally(text: bad) == nil, "\(bad)")
        }
        #expect(!RegisterTally.layout.isEmpty)
    }
}
