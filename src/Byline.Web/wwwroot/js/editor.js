// The article editor's enhancements: live preview and autosave. The form works without this file.
(() => {
  const form = document.getElementById("article-editor");
  if (!form) return;
  const body = form.querySelector("textarea[name='Form.Body']");
  const preview = form.querySelector(".editor-preview");
  const previewBody = document.getElementById("preview-body");
  const status = document.getElementById("autosave-status");
  const versionField = form.querySelector("input[name='Form.Version']");
  const articleId = form.dataset.articleId;

  // Live preview: the same Markdown pipeline as the public page, rendered by the server.
  let previewTimer;
  const renderPreview = async () => {
    const response = await fetch("/admin/api/articles/preview", { method: "POST", body: new FormData(form) });
    if (response.ok) {
      previewBody.innerHTML = await response.text(); // sanitized by the server, like the public page
      preview.hidden = false;
    }
  };
  body?.addEventListener("input", () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(renderPreview, 400);
  });

  // Autosave every 10 seconds when something changed; warns when someone else saved meanwhile.
  if (!articleId) return;
  let dirty = false;
  let conflicted = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  setInterval(async () => {
    if (!dirty || conflicted) return;
    dirty = false;
    const response = await fetch(`/admin/api/articles/${articleId}/autosave`, { method: "POST", body: new FormData(form) });
    if (response.ok) {
      const result = await response.json();
      versionField.value = result.version;
      status.textContent = result.message;
    } else if (response.status === 409) {
      conflicted = true;
      const result = await response.json();
      status.textContent = result.message;
      status.classList.add("conflict");
    } else {
      status.textContent = "Autosave failed; your text is still here. Save with a button.";
      dirty = true;
    }
  }, 10000);
})();

// The image list: buttons to insert an image's Markdown at the cursor or make it the featured image.
(() => {
  const form = document.getElementById("article-editor");
  const body = form?.querySelector("textarea[name='Form.Body']");
  form?.querySelectorAll(".media-picker li").forEach(item => {
    const insert = document.createElement("button");
    insert.type = "button";
    insert.className = "button";
    insert.textContent = "Insert";
    insert.addEventListener("click", () => {
      const snippet = item.querySelector(".snippet").value;
      const at = body.selectionStart ?? body.value.length;
      body.setRangeText(`\n\n${snippet}\n\n`, at, body.selectionEnd ?? at, "end");
      body.dispatchEvent(new Event("input", { bubbles: true }));
      body.focus();
    });
    const feature = document.createElement("button");
    feature.type = "button";
    feature.className = "button";
    feature.textContent = "Use as featured";
    feature.addEventListener("click", () => {
      form.querySelector("input[name='Form.FeaturedImageUrl']").value = item.dataset.url;
      form.querySelector("input[name='Form.FeaturedImageAlt']").value = item.dataset.alt;
      form.dispatchEvent(new Event("input", { bubbles: true }));
    });
    item.append(insert, feature);
  });
})();
