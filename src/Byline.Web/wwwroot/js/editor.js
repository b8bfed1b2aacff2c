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
