// Dragging a file row onto a folder row moves the file into that folder, through the REST API
// (PATCH /api/v1/files/{id} with the folder's id), then reloads the page to show where things
// are. Without this script the "Move" form in each file row does the same.
'use strict';

(() => {
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content || 'X-CSRF-TOKEN';
  const listing = document.getElementById('file-listing');
  if (!listing || !csrfToken) {
    return;
  }
  const type = 'application/x-coffer-file';
  const status = document.getElementById('upload-status');

  const say = (message, isError) => {
    if (!status) {
      return;
    }
    status.textContent = message;
    status.className = isError ? 'flash error' : 'flash success';
    status.hidden = false;
  };

  const move = async (fileId, folderId) => {
    const response = await fetch(`/api/v1/files/${encodeURIComponent(fileId)}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', [csrfHeader]: csrfToken },
      body: JSON.stringify({ folderId }),
    });
    if (response.ok) {
      window.location.reload();
      return;
    }
    let detail = `Could not move the file (${response.status}).`;
    try {
      detail = (await response.json()).detail || detail;
    } catch (ignored) {
      // Not a problem document: keep the generic message.
    }
    say(detail, true);
  };

  // Delegated from the listing, which files.js swaps for a fresh copy after uploads.
  listing.addEventListener('dragstart', (event) => {
    const row = event.target.closest?.('tr.file-row[draggable="true"]');
    if (row) {
      event.dataTransfer.setData(type, row.dataset.fileId);
      event.dataTransfer.effectAllowed = 'move';
    }
  });
  listing.addEventListener('dragover', (event) => {
    const target = event.target.closest?.('tr.folder-row');
    if (target && event.dataTransfer.types.includes(type)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      target.classList.add('drop-target');
    }
  });
  listing.addEventListener('dragleave', (event) => {
    event.target.closest?.('tr.folder-row')?.classList.remove('drop-target');
  });
  listing.addEventListener('drop', (event) => {
    const target = event.target.closest?.('tr.folder-row');
    const fileId = event.dataTransfer.getData(type);
    if (target && fileId) {
      event.preventDefault();
      target.classList.remove('drop-target');
      move(fileId, target.dataset.folderId);
    }
  });
})();
