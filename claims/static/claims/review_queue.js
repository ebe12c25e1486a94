/* Keyboard work in the review queue: move between rows, open, select, accept, reject (the
   next page asks why) and merge into the current claim. It only drives the admin's own
   action form, so every step goes through the same server-side checks as a mouse click.
   Served from static/ (no inline script: the CSP forbids it). */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var table = document.getElementById("result_list");
    var form = document.getElementById("changelist-form");
    if (!table || !form) { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var status = document.getElementById("queue-keyboard-status");
    var help = document.getElementById("queue-shortcuts");
    var current = -1;

    function say(text) { if (status) { status.textContent = text; } }
    function checkbox(row) { return row.querySelector("input.action-select"); }
    function link(row) { return row.querySelector("th a, td.field-claim_text a"); }

    function move(to) {
      if (!rows.length) { return; }
      to = Math.max(0, Math.min(rows.length - 1, to));
      if (current >= 0) { rows[current].classList.remove("kb-current"); rows[current].removeAttribute("aria-current"); }
      current = to;
      rows[current].classList.add("kb-current");
      rows[current].setAttribute("aria-current", "true");
      rows[current].scrollIntoView({ block: "nearest" });
    }

    function checked() {
      return rows.filter(function (row) { var box = checkbox(row); return box && box.checked; });
    }

    function setChecked(row, on) {
      var box = checkbox(row);
      // A click keeps Django's own action bookkeeping (row highlight, counter) in step.
      if (box && box.checked !== on) { box.click(); }
    }

    function run(action, extra) {
      var select = form.querySelector("select[name=action]");
      var go = form.querySelector("button[name=index], input[name=index]");
      if (!select || !go || !select.querySelector("option[value=" + action + "]")) {
        say("That action is not available to you here.");
        return;
      }
      Object.keys(extra || {}).forEach(function (name) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = name; input.value = extra[name];
        form.appendChild(input);
      });
      select.value = action;
      if (form.requestSubmit) { form.requestSubmit(go); } else { go.click(); }
    }

    function actOnSelection(action, verb) {
      if (current < 0) { return; }
      if (!checked().length) { setChecked(rows[current], true); }
      say(verb + " " + checked().length + " claim(s)…");
      run(action);
    }

    function merge() {
      if (current < 0) { return; }
      var keep = checkbox(rows[current]);
      var others = checked().filter(function (row) { return row !== rows[current]; });
      if (!others.length) {
        say("Select the duplicates with x first, then press m on the claim to keep.");
        return;
      }
      setChecked(rows[current], true);
      say("Merging " + others.length + " claim(s) into the current one…");
      run("merge_claims", { keep_hint: keep.value });
    }

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName))) {
        if (event.key === "Escape" && target.blur) { target.blur(); }
        return;
      }
      // Enter on a focused link or control does what it always does.
      if (event.key === "Enter" && target && target.closest && target.closest("a, summary, label")) { return; }
      var handled = true;
      switch (event.key) {
        case "j": case "ArrowDown": move(current + 1); break;
        case "k": case "ArrowUp": move(current - 1); break;
        case "o": case "Enter":
          if (current >= 0 && link(rows[current])) { window.location.href = link(rows[current]).href; }
          break;
        case "x": if (current >= 0) { var box = checkbox(rows[current]); if (box) { box.click(); } } break;
        case "a": actOnSelection("accept_claims", "Accepting"); break;
        case "r": actOnSelection("reject_claims", "Rejecting"); break;
        case "m": merge(); break;
        case "/": var search = document.getElementById("searchbar"); if (search) { search.focus(); } break;
        case "?": if (help) { help.open = !help.open; } break;
        default: handled = false;
      }
      if (handled) { event.preventDefault(); }
    });

    if (rows.length) { move(0); }
  });
})();
