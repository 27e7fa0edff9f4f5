// A page part marked data-live="URL" follows the server: whenever URL's event stream says
// something changed, the page is read afresh and the part replaced, unless the person is
// typing in it (then once they leave the field). After a dropped connection the part is read
// afresh too, so nothing shown depends on an event having arrived.
(function () {
  var part = document.querySelector("[data-live]");
  if (!part || !window.EventSource || !window.fetch) return;
  var pending = false;
  var dropped = false;

  function editing() {
    var fields = part.querySelectorAll("textarea, input:not([type=hidden]):not([type=radio]):not([type=checkbox])");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i] === document.activeElement || fields[i].value !== fields[i].defaultValue) return true;
    }
    var choices = part.querySelectorAll("input[type=radio], input[type=checkbox]");
    for (var j = 0; j < choices.length; j++) {
      if (choices[j].checked !== choices[j].defaultChecked) return true;
    }
    return false;
  }

  var leaving = false;

  function refresh() {
    if (leaving) return;
    if (editing()) { pending = true; return; }
    pending = false;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html", "X-Yanglao-Live": "1" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
        if (fresh) part.innerHTML = fresh.innerHTML;
      })
      .catch(function () {});
  }

  var source = new EventSource(part.dataset.live);
  source.addEventListener("order", refresh);
  source.addEventListener("open", function () {
    if (dropped) refresh();
    dropped = false;
    part.dataset.liveState = "open";
  });
  source.addEventListener("error", function () { dropped = true; part.dataset.liveState = "lost"; });
  // A form being sent loads the next page itself.
  document.addEventListener("submit", function () { leaving = true; source.close(); });
  part.addEventListener("focusout", function () { if (pending) setTimeout(refresh, 200); });
})();
