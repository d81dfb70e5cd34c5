// The way past a sign-in lockout (project/signin.py): find a number whose SHA-256 together
// with the page's challenge starts with the required zero bits, then let the form go. The work
// runs in slices of ~40 ms so the page stays responsive; a submit pressed before it is done
// waits for it. Needs the vendored js-sha256 (static/vendor/js-sha256), loaded before this.
(function () {
  "use strict";
  var form = document.querySelector("form[data-proof-challenge]");
  if (!form || typeof sha256 === "undefined") {
    return;
  }
  var challenge = form.getAttribute("data-proof-challenge");
  var bits = Number(form.getAttribute("data-proof-bits"));
  var answerField = form.querySelector('input[name="proof_answer"]');
  var status = form.querySelector("[data-proof-status]");
  var solved = false;
  var submitWaiting = false;
  var candidate = 0;

  function leadingZeroBits(bytes) {
    var count = 0;
    for (var index = 0; index < bytes.length; index += 1) {
      var value = bytes[index];
      if (value !== 0) {
        return count + Math.clz32(value) - 24;
      }
      count += 8;
    }
    return count;
  }

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function work() {
    var until = performance.now() + 40;
    while (performance.now() < until) {
      for (var step = 0; step < 500; step += 1, candidate += 1) {
        if (leadingZeroBits(sha256.array(challenge + ":" + candidate)) >= bits) {
          answerField.value = String(candidate);
          solved = true;
          form.setAttribute("data-proof-solved", "");
          say("Check done: you can sign in.");
          if (submitWaiting) {
            form.requestSubmit();
          }
          return;
        }
      }
    }
    window.setTimeout(work, 0);
  }

  form.addEventListener("submit", function (event) {
    if (!solved) {
      event.preventDefault();
      submitWaiting = true;
      say("Almost done checking; you will be signed in in a moment.");
    }
  });
  say("Your browser is doing a short check before this sign-in…");
  work();
})();
