/*
 * A small rich-text editor for the staff content forms, as progressive enhancement.
 *
 * Without JavaScript the body is a <textarea> of HTML and the form works as it is.
 * With it, each textarea[data-editor="rich"] gets a toolbar (bold, italic, heading,
 * lists, link, image) and an editable area that writes its HTML back into the
 * textarea on every change and before the form is sent. The server sanitises the HTML
 * anyway (hub.content.sanitize); this file only makes writing it pleasant.
 *
 * Images are uploaded to the site (POST data-upload-url, the CSRF token in the
 * X-CSRFToken header) and inserted only with a text alternative: the prompt refuses an
 * empty one (WCAG 1.1.1; the server refuses it too). They are inserted as a rendition
 * 960 pixels wide (hub.images) with their width and height, not as the original.
 *
 * A lead image's preview (data-focal-preview) sets the focal point's two fields where
 * it is clicked; the fields stay the way to type it, with the keyboard or without
 * JavaScript.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var uploadUrl = script && script.getAttribute("data-upload-url");
  var csrfToken = script && script.getAttribute("data-csrf");
  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("editor-strings").textContent);
  } catch (e) { /* labels fall back to their keys */ }
  function t(key) { return strings[key] || key; }

  function safeLink(url) {
    url = (url || "").trim();
    return /^(https?:\/\/|mailto:|\/(?!\/))/i.test(url) ? url : null;
  }

  function announce(region, message) {
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("mousedown", function (event) { event.preventDefault(); });
    b.addEventListener("click", onClick);
    return b;
  }

  function enhance(textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var wrapper = document.createElement("div");
    wrapper.className = "rich-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", t("toolbar"));
    toolbar.setAttribute("aria-controls", textarea.id + "-editor");
    var area = document.createElement("div");
    area.id = textarea.id + "-editor";
    area.className = "rich-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) { label.id = textarea.id + "-label"; }
      area.setAttribute("aria-labelledby", label.id);
    } else {
      area.setAttribute("aria-label", t("editor_label"));
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) { area.setAttribute("aria-describedby", described); }
    area.innerHTML = textarea.value;
    var status = document.createElement("p");
    status.className = "rich-status";
    status.setAttribute("role", "status");

    function sync() { textarea.value = area.innerHTML; }
    function exec(command, value) {
      area.focus();
      document.execCommand(command, false, value || null);
      sync();
    }

    toolbar.appendChild(button(t("bold"), function () { exec("bold"); }));
    toolbar.appendChild(button(t("italic"), function () { exec("italic"); }));
    toolbar.appendChild(button(t("heading"), function () { exec("formatBlock", "<h2>"); }));
    toolbar.appendChild(button(t("paragraph"), function () { exec("formatBlock", "<p>"); }));
    toolbar.appendChild(button(t("bullets"), function () { exec("insertUnorderedList"); }));
    toolbar.appendChild(button(t("numbers"), function () { exec("insertOrderedList"); }));
    toolbar.appendChild(button(t("link"), function () {
      var url = safeLink(window.prompt(t("link_prompt"), "https://"));
      if (url) { exec("createLink", url); }
    }));

    if (uploadUrl && window.fetch && window.FormData) {
      var picker = document.createElement("input");
      picker.type = "file";
      picker.accept = "image/jpeg,image/png,image/gif,image/webp";
      picker.hidden = true;
      picker.setAttribute("aria-label", t("image_file"));
      picker.addEventListener("change", function () {
        var file = picker.files && picker.files[0];
        picker.value = "";
        if (!file) { return; }
        var alt = (window.prompt(t("alt_prompt"), "") || "").trim();
        if (!alt) { announce(status, t("alt_required")); return; }
        var data = new FormData();
        data.append("file", file);
        data.append("alt_text", alt);
        announce(status, t("uploading"));
        fetch(uploadUrl, {
          method: "POST", body: data, credentials: "same-origin",
          headers: {"X-CSRFToken": csrfToken || "", "Accept": "application/json"}
        }).then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        }).then(function (result) {
          if (!result.ok) {
            var reason = result.body && result.body.error ? result.body.error.reason : "";
            announce(status, t("upload_failed") + " " + reason);
            return;
          }
          var img = document.createElement("img");
          var shown = result.body.rendition;
          img.src = shown ? shown.url : result.body.url;
          if (shown) {
            img.width = shown.width;
            img.height = shown.height;
          }
          img.alt = result.body.alt_text || alt;
          area.focus();
          document.execCommand("insertHTML", false, img.outerHTML);
          sync();
          announce(status, "");
        }).catch(function () { announce(status, t("upload_failed")); });
      });
      toolbar.appendChild(button(t("image"), function () { picker.click(); }));
      wrapper.appendChild(picker);
    }

    var showingSource = false;
    var toggle = button(t("source"), function () {
      showingSource = !showingSource;
      if (showingSource) { sync(); } else { area.innerHTML = textarea.value; }
      textarea.hidden = !showingSource;
      area.hidden = showingSource;
      toggle.textContent = showingSource ? t("visual") : t("source");
      toggle.setAttribute("aria-pressed", showingSource ? "true" : "false");
    });
    toggle.setAttribute("aria-pressed", "false");
    toolbar.appendChild(toggle);

    // Pasted office documents bring styles and markup of their own: keep the text.
    area.addEventListener("paste", function (event) {
      if (!event.clipboardData) { return; }
      event.preventDefault();
      document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
      sync();
    });
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () {
        if (!showingSource) { sync(); }
      });
    }

    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    wrapper.appendChild(status);
    wrapper.appendChild(textarea);
    textarea.hidden = true;
    if (label) {
      label.addEventListener("click", function (event) {
        if (!showingSource) { event.preventDefault(); area.focus(); }
      });
    }
  }

  function focalPoints() {
    var previews = document.querySelectorAll("[data-focal-preview] img");
    var across = document.getElementById("focal_x");
    var down = document.getElementById("focal_y");
    if (!across || !down) { return; }
    for (var i = 0; i < previews.length; i++) {
      previews[i].addEventListener("click", function (event) {
        var box = event.currentTarget.getBoundingClientRect();
        across.value = ((event.clientX - box.left) / box.width).toFixed(2);
        down.value = ((event.clientY - box.top) / box.height).toFixed(2);
      });
    }
  }

  function start() {
    focalPoints();
    if (!("contentEditable" in document.documentElement) || !document.execCommand) {
      return;  // the plain textarea stays
    }
    var fields = document.querySelectorAll('textarea[data-editor="rich"]');
    for (var i = 0; i < fields.length; i++) { enhance(fields[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
