// The assessment form's running subtotal: adds up the chosen options of the dimension on
// screen as the assessor taps them. The server scores again on submission; this is only a guide.
(function () {
  var form = document.querySelector("form[data-subtotal]");
  if (!form) return;
  var subtotal = form.querySelector("[data-subtotal-value]");
  var answered = form.querySelector("[data-answered]");
  var total = document.querySelector("[data-running-total]");
  function update() {
    var sum = 0, count = 0;
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      sum += parseInt(input.value, 10) || 0;
      count += 1;
    });
    subtotal.textContent = String(sum);
    answered.textContent = String(count);
    if (total) total.textContent = String((parseInt(total.getAttribute("data-base"), 10) || 0) + sum);
  }
  form.addEventListener("change", update);
})();
