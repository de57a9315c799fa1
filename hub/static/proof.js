/* The proof-of-work of citizens' forms (hub/intake/proof.py, the ALTCHA scheme).
 *
 * A form with data-proof="<challenge URL>" gets a challenge from the server, finds the
 * number n with sha256(salt + n) == challenge by trying n = 0, 1, ... maxnumber with Web
 * Crypto, and writes the solution into the form's hidden "altcha" input as base64 JSON
 * {algorithm, challenge, number, salt, signature}. It works in batches and yields to the
 * page between them, so typing stays smooth. The status line (role="status") says what
 * is happening; a submit before the end waits for it instead of failing.
 *
 * Nothing else is checked here: every rule of the form is the server's.
 */
(function () {
  "use strict";

  var BATCH = 500;
  var form = document.querySelector("form[data-proof]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name=altcha]");
  var status = form.querySelector(".proof-status");
  var solved = false;
  var sendWhenSolved = false;
  var submitter = null;

  function say(key) {
    if (status && status.dataset[key]) {
      status.textContent = status.dataset[key];
    }
    form.dataset.proofState = key;
  }

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i += 1) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  function pause() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  async function solve(challenge) {
    var encoder = new TextEncoder();
    var max = Number(challenge.maxnumber !== undefined ? challenge.maxnumber
                                                      : challenge.maxNumber);
    for (var start = 0; start <= max; start += BATCH) {
      var end = Math.min(start + BATCH - 1, max);
      var tries = [];
      for (var n = start; n <= end; n += 1) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n)));
      }
      var hashes = await Promise.all(tries);
      for (var i = 0; i < hashes.length; i += 1) {
        if (hex(hashes[i]) === challenge.challenge) {
          return start + i;
        }
      }
      await pause();
    }
    return null;
  }

  async function run() {
    if (!window.crypto || !crypto.subtle || !window.fetch) {
      say("failed");
      return;
    }
    say("working");
    try {
      var response = await fetch(form.dataset.proof, {
        credentials: "same-origin", cache: "no-store",
        headers: {"Accept": "application/json"}
      });
      if (!response.ok) {
        throw new Error("challenge " + response.status);
      }
      var challenge = await response.json();
      var number = await solve(challenge);
      if (number === null) {
        throw new Error("no solution");
      }
      input.value = btoa(JSON.stringify({
        algorithm: challenge.algorithm, challenge: challenge.challenge,
        number: number, salt: challenge.salt, signature: challenge.signature
      }));
      solved = true;
      say("done");
      if (sendWhenSolved) {
        form.requestSubmit ? form.requestSubmit(submitter || undefined) : form.submit();
      }
    } catch (error) {
      say("failed");
    }
  }

  form.addEventListener("submit", function (event) {
    if (solved || form.dataset.proofState === "failed") {
      return;  // the server says what is wrong, if anything
    }
    event.preventDefault();
    sendWhenSolved = true;
    submitter = event.submitter || null;
    say("waiting");
  });

  run();
}());
