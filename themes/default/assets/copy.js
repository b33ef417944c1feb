// Cairn copy buttons: plain JavaScript, no dependencies. Adds a "Copy" button to every code block;
// it copies the code without line numbers (drawn by CSS), prompts or command output.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function textOf(code) {
    var clone = code.cloneNode(true);
    var session = clone.querySelector(".hl-x") !== null;
    clone.querySelectorAll(".hl-x, .hl-o").forEach(function (node) { node.remove(); });
    var text = clone.textContent;
    if (session) {
      // A console session: keep the commands, one per line, without the emptied output lines.
      text = text.split("\n").filter(function (line) { return line.trim() !== ""; }).join("\n") + "\n";
    }
    return text;
  }

  document.querySelectorAll("pre > code").forEach(function (code) {
    var pre = code.parentNode;
    var block = pre.parentNode.classList.contains("code-titled") ? pre.parentNode : pre;
    var wrap = document.createElement("div");
    wrap.className = "code-wrap";
    block.parentNode.insertBefore(wrap, block);
    wrap.appendChild(block);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    var timer = null;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(textOf(code)).then(function () {
        button.textContent = "Copied";
        button.classList.add("copied");
        status.textContent = "Code copied to clipboard";
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = "Copy";
          button.classList.remove("copied");
          status.textContent = "";
        }, 1500);
      }, function () {
        button.textContent = "Copy failed";
        status.textContent = "Could not copy the code";
      });
    });
    wrap.appendChild(button);
  });
})();
