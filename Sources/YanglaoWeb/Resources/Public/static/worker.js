// The worker page asks the phone for its position when a form marked data-geo is sent
// (check-in, going on duty), fills the hidden latitude/longitude fields and then sends it.
// Without a position (refused, no GPS, 8 s passed) the form goes anyway: the server records
// that no position was given. Listens on the document, so forms the live page puts in later
// (live.js) are handled too.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-geo]")) return;
    if (form.dataset.located || !navigator.geolocation) return;
    event.preventDefault();
    var submitter = event.submitter;
    function send() {
      form.dataset.located = "1";
      if (submitter && submitter.name) {
        var keep = document.createElement("input");
        keep.type = "hidden"; keep.name = submitter.name; keep.value = submitter.value;
        form.appendChild(keep);
      }
      form.submit();
    }
    navigator.geolocation.getCurrentPosition(function (p) {
      form.querySelector("input[name=latitude]").value = p.coords.latitude.toFixed(6);
      form.querySelector("input[name=longitude]").value = p.coords.longitude.toFixed(6);
      send();
    }, send, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  });
})();
