// 报警台: new and changed alarms arrive over server-sent events and are put on the board
// without a reload; each open alarm shows how long it has waited; a new alarm beeps when
// sound is on (browsers allow sound only after a click, hence the button).
(function () {
  "use strict";
  var rows = document.getElementById("alarm-rows");
  if (!rows) return;
  var table = rows.closest("table");
  var ackSeconds = parseInt(table.getAttribute("data-ack-seconds"), 10) || 60;
  var live = document.getElementById("alarm-live");
  var soundButton = document.getElementById("alarm-sound");
  var labels = {
    handle: document.documentElement.lang === "en" ? "Handle" : "处理",
    overdue: document.documentElement.lang === "en" ? "overdue" : "超时",
    live: document.documentElement.lang === "en" ? "Live: new alarms appear here" : "实时：新报警会自动出现",
    lost: document.documentElement.lang === "en" ? "Connection lost, reconnecting…" : "连接中断，正在重连…"
  };
  var audio = null;

  soundButton.addEventListener("click", function () {
    if (!audio) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    } else if (audio.state === "running") {
      audio.suspend();
      soundButton.setAttribute("aria-pressed", "false");
      return;
    } else {
      audio.resume();
    }
    soundButton.setAttribute("aria-pressed", "true");
    beep();
  });

  function beep() {
    if (!audio || audio.state !== "running") return;
    [0, 0.35].forEach(function (offset) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(audio.currentTime + offset);
      osc.stop(audio.currentTime + offset + 0.2);
    });
  }

  function cell(text, strong) {
    var td = document.createElement("td");
    if (strong) {
      var b = document.createElement("strong");
      b.textContent = text;
      td.appendChild(b);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function render(a) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-alarm", a.id);
    tr.setAttribute("data-raised", a.raisedAt);
    tr.setAttribute("data-status", a.status);
    tr.setAttribute("data-priority", a.priority);
    tr.className = "prio" + a.priority + (a.overdue ? " overdue" : "") + " fresh";
    tr.appendChild(cell(a.priorityName));
    tr.appendChild(cell(a.typeName, true));
    tr.appendChild(cell(a.personName));
    tr.appendChild(cell(a.address));
    tr.appendChild(cell(a.raisedClock));
    var timer = cell("—");
    timer.className = "timer";
    tr.appendChild(timer);
    var status = a.statusName + (a.acknowledgedBy ? " · " + a.acknowledgedBy : "") + (a.overdue ? " · " + labels.overdue : "");
    tr.appendChild(cell(status));
    var td = document.createElement("td");
    var link = document.createElement("a");
    link.href = "/alarms/" + a.id;
    link.textContent = labels.handle;
    td.appendChild(link);
    tr.appendChild(td);
    return tr;
  }

  // Open alarms first: overdue, then higher priority, then older.
  function before(a, b) {
    var ao = a.classList.contains("overdue"), bo = b.classList.contains("overdue");
    if (ao !== bo) return ao;
    var ap = +a.getAttribute("data-priority"), bp = +b.getAttribute("data-priority");
    if (ap !== bp) return ap > bp;
    return a.getAttribute("data-raised") < b.getAttribute("data-raised");
  }

  function upsert(a) {
    var old = rows.querySelector('tr[data-alarm="' + a.id + '"]');
    if (old) old.remove();
    if (a.status === "closed") return;
    var tr = render(a);
    var next = Array.prototype.find.call(rows.children, function (r) { return before(tr, r); });
    rows.insertBefore(tr, next || null);
    var empty = document.getElementById("alarm-empty");
    if (empty) empty.remove();
    if (!old) beep();
  }

  var chinese = (document.documentElement.lang || "zh").indexOf("zh") === 0;

  function tick() {
    var now = Date.now();
    Array.prototype.forEach.call(rows.children, function (tr) {
      var waited = Math.max(0, Math.floor((now - Date.parse(tr.getAttribute("data-raised"))) / 1000));
      var m = Math.floor(waited / 60), s = waited % 60;
      // The wait in the page's language: 1分05秒 on a Chinese page, 1:05 or 5 s on an English one.
      tr.querySelector(".timer").textContent = chinese
        ? (m > 0 ? m + "分" + (s < 10 ? "0" : "") + s + "秒" : s + "秒")
        : (m > 0 ? m + ":" + (s < 10 ? "0" : "") + s : s + " s");
      if (tr.getAttribute("data-status") === "open" && waited >= ackSeconds) tr.classList.add("late");
    });
  }
  tick();
  setInterval(tick, 1000);

  var source = new EventSource("/alarms/events");
  var dropped = false;
  // After a dropped connection the board is read afresh: nothing shown depends on an event having arrived.
  source.addEventListener("open", function () {
    if (dropped) { window.location.reload(); return; }
    live.textContent = labels.live;
  });
  source.addEventListener("error", function () { dropped = true; live.textContent = labels.lost; });
  source.addEventListener("alarm", function (e) { upsert(JSON.parse(e.data)); });
})();
