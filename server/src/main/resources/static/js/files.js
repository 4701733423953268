// Uploads with a progress bar per file, drag and drop, and cancel. Each file goes to the REST
// API as a raw PUT body (streamed and encrypted by the server as it arrives); the session cookie
// authenticates it and the CSRF token travels in a header. Without this script the same forms
// post multipart to the server and everything still works.
//
// Files from data-resumable-bytes on (large ones) go over the resumable uploads instead
// (resumable-upload.js, the tus protocol): in pieces, retried after a dropped connection, and
// resumed from where they stopped when the same file is chosen again after a reload.
//
// One flow: choosing (or dropping) files starts their upload, so the form's Upload button, which
// only the script-less form needs, is hidden. On "My files" each file joins the list below as
// soon as it is stored (the list is fetched again and swapped in); on a file's page the page
// reloads once the new version is stored.
'use strict';

(() => {
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content || 'X-CSRF-TOKEN';
  const list = document.getElementById('upload-list');
  const form = document.getElementById('upload-form') || document.getElementById('new-version-form');
  if (!form || !list || !csrfToken) {
    return;
  }
  const input = form.querySelector('input[type="file"]');
  const maxBytes = Number(form.dataset.maxBytes || 0);
  const isVersionForm = form.id === 'new-version-form';
  const resumableBytes = Number(form.dataset.resumableBytes || 0);
  const Resumable = window.CofferResumableUpload;
  const submit = form.querySelector('button[type="submit"]');
  // Picking files is the whole action: no second step that could find the input empty.
  input.required = false;
  if (submit) {
    submit.hidden = true;
  }
  const hint = form.querySelector('.script-hint');
  if (hint) {
    hint.hidden = false;
  }
  const queue = [];
  let active = false;
  // Counted per batch: a batch is everything queued until the queue runs dry.
  let succeeded = 0;
  let failed = 0;
  let refreshLink = null;

  const formatSize = (bytes) => {
    // The binary units the server shows (Sizes.java): 1 KiB = 1,024 bytes.
    const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    if (unit === 0) {
      return bytes === 1 ? '1 byte' : `${bytes} bytes`;
    }
    return `${value.toFixed(value < 10 ? 1 : 0).replace(/\.0$/, '')} ${units[unit]}`;
  };

  const addRow = (file) => {
    const item = document.createElement('li');
    item.className = 'upload-item';
    const name = document.createElement('span');
    name.className = 'upload-name';
    name.textContent = `${file.name} (${formatSize(file.size)})`;
    const progress = document.createElement('progress');
    progress.max = 100;
    progress.value = 0;
    const status = document.createElement('span');
    status.className = 'upload-status';
    status.textContent = 'Waiting';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    item.append(name, progress, status, cancel);
    list.append(item);
    return { item, progress, status, cancel };
  };

  const finish = (row, ok, message) => {
    row.status.textContent = message;
    row.item.classList.add(ok ? 'done' : 'failed');
    row.cancel.remove();
    if (ok) {
      succeeded += 1;
    } else {
      failed += 1;
    }
  };

  const showProgress = (row, sent, total) => {
    const percent = Math.floor((sent / total) * 100);
    row.progress.value = percent;
    row.status.textContent = `${percent}% (${formatSize(sent)} of ${formatSize(total)})`;
  };

  const problemDetail = (xhr) => {
    try {
      return JSON.parse(xhr.responseText).detail || `Failed (${xhr.status})`;
    } catch {
      return `Failed (${xhr.status})`;
    }
  };

  // Fetches "My files" again and swaps in its list, marking the rows of files just stored.
  const refreshListing = async (arrivedNames) => {
    const current = document.getElementById('file-listing');
    if (!current) {
      return;
    }
    const response = await fetch(window.location.href, { headers: { Accept: 'text/html' } });
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('file-listing');
    const usage = page.querySelector('.usage');
    if (!fresh) {
      return;
    }
    for (const link of fresh.querySelectorAll('a.file-name')) {
      if (arrivedNames.has(link.textContent)) {
        link.closest('tr').classList.add('arrived');
      }
    }
    current.replaceWith(document.adoptNode(fresh));
    const oldUsage = document.querySelector('.usage');
    if (usage && oldUsage) {
      oldUsage.replaceWith(document.adoptNode(usage));
    }
  };

  const arrived = new Set();
  let refreshing = Promise.resolve();

  const announce = (message) => {
    const status = document.getElementById('upload-status');
    if (status) {
      status.textContent = message;
      status.hidden = false;
    }
  };

  const fileArrived = (body) => {
    if (!isVersionForm) {
      // The stored name (normalized by the server) is the one the list shows.
      arrived.add(body.name);
      refreshing = refreshing.then(() => refreshListing(arrived)).catch(() => {});
    }
  };

  const isResumable = (file) => Resumable && resumableBytes > 0 && file.size >= resumableBytes;

  // A large file, in pieces over the resumable uploads; then next().
  const sendResumable = async (job) => {
    const { file, row } = job;
    // A new file in the folder shown, or a new version of the file shown.
    const { folderId, fileId: versionOf } = form.dataset;
    const upload = new Resumable(file, {
      endpoint: form.dataset.resumableUrl,
      target: isVersionForm ? versionOf : folderId,
      metadata: isVersionForm ? { fileId: versionOf } : { filename: file.name, folderId },
      headers: { [csrfHeader]: csrfToken },
      onProgress: (sent, total) => showProgress(row, sent, total),
      onResume: (offset) => {
        row.status.textContent = `Resuming at ${formatSize(offset)}`;
      },
      onRetry: () => {
        row.status.textContent = 'Connection lost — retrying…';
      },
    });
    job.resumable = upload;
    row.status.textContent = 'Uploading';
    try {
      const fileId = await upload.start();
      row.progress.value = 100;
      const response = await fetch(`/api/v1/files/${encodeURIComponent(fileId)}`, {
        headers: { Accept: 'application/json' },
      });
      const body = await response.json();
      finish(row, true, `Done: version ${body.currentVersion}`);
      fileArrived(body);
    } catch (error) {
      if (error instanceof Resumable.Cancelled) {
        await upload.cancel();
        finish(row, false, 'Cancelled: nothing was stored.');
      } else if (error instanceof Resumable.ConnectionLost) {
        finish(row, false, 'Connection lost: what arrived is kept. Choose the file again to go on from there.');
      } else {
        finish(row, false, error.message);
      }
    }
    next();
  };

  const next = () => {
    const job = queue.shift();
    if (!job) {
      active = false;
      if (isVersionForm && succeeded > 0 && failed === 0) {
        // Say what happened on the reloaded page, as the form upload without script does.
        window.sessionStorage.setItem('coffer.flash', 'New version uploaded.');
        window.location.reload();
      } else if (!isVersionForm && succeeded > 0) {
        announce(succeeded === 1 ? 'Uploaded 1 file.' : `Uploaded ${succeeded} files.`);
      } else if (isVersionForm && succeeded > 0 && !refreshLink) {
        refreshLink = document.createElement('li');
        const link = document.createElement('a');
        link.href = window.location.pathname + window.location.search;
        link.textContent = 'Refresh the page';
        refreshLink.append(link);
        list.append(refreshLink);
      }
      succeeded = 0;
      failed = 0;
      return;
    }
    active = true;
    const { file, row } = job;
    if (job.cancelled) {
      next();
      return;
    }
    if (isResumable(file)) {
      sendResumable(job);
      return;
    }
    // The list's upload URL names the folder shown (?folderId=…): the name joins it.
    const target = new URL(form.dataset.uploadUrl, window.location.href);
    if (!isVersionForm) {
      target.searchParams.set('name', file.name);
    }
    const url = target.toString();
    const xhr = new XMLHttpRequest();
    job.xhr = xhr;
    xhr.open('PUT', url);
    xhr.setRequestHeader(csrfHeader, csrfToken);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) {
        showProgress(row, event.loaded, event.total);
      }
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        row.progress.value = 100;
        const body = JSON.parse(xhr.responseText);
        finish(row, true, `Done: version ${body.currentVersion}`);
        fileArrived(body);
      } else {
        finish(row, false, problemDetail(xhr));
      }
      next();
    });
    xhr.addEventListener('error', () => {
      finish(row, false, 'Connection lost: nothing was stored.');
      next();
    });
    xhr.addEventListener('abort', () => {
      finish(row, false, 'Cancelled: nothing was stored.');
      next();
    });
    row.status.textContent = 'Uploading';
    xhr.send(file);
  };

  const enqueue = (files) => {
    for (const file of files) {
      const row = addRow(file);
      const job = { file, row, cancelled: false, xhr: null, resumable: null };
      row.cancel.addEventListener('click', () => {
        if (job.resumable) {
          row.cancel.disabled = true;
          row.status.textContent = 'Cancelling';
          job.resumable.cancel();
        } else if (job.xhr) {
          job.xhr.abort();
        } else {
          job.cancelled = true;
          finish(row, false, 'Cancelled.');
        }
      });
      if (maxBytes > 0 && file.size > maxBytes) {
        finish(row, false, `Too large: files can be at most ${formatSize(maxBytes)}.`);
      } else {
        queue.push(job);
      }
    }
    if (!active) {
      next();
    }
  };

  // The Upload button is hidden, but Enter in the form still submits it.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.files.length > 0) {
      enqueue(Array.from(input.files));
      input.value = '';
    } else {
      input.click();
    }
  });

  input.addEventListener('change', () => {
    if (input.files.length > 0) {
      enqueue(Array.from(input.files));
      input.value = '';
    }
  });

  for (const type of ['dragenter', 'dragover']) {
    form.addEventListener(type, (event) => {
      event.preventDefault();
      form.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) {
    form.addEventListener(type, () => form.classList.remove('dragging'));
  }
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    const files = Array.from(event.dataTransfer.files);
    enqueue(isVersionForm ? files.slice(0, 1) : files);
  });
})();

// The file page's tabs are in-page links that CSS turns into tabs (coffer.css); this marks the
// open one for assistive technology too.
(() => {
  const tabs = document.querySelectorAll('.file-tabs a[data-tab]');
  if (tabs.length === 0) {
    return;
  }
  const mark = () => {
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    const panel = target?.closest('.tab-panel');
    const open = panel ? panel.id : tabs[0].dataset.tab;
    for (const tab of tabs) {
      if (tab.dataset.tab === open) {
        tab.setAttribute('aria-current', 'true');
      } else {
        tab.removeAttribute('aria-current');
      }
    }
  };
  window.addEventListener('hashchange', mark);
  mark();
})();

// The buttons for ticked rows (ZIP, move, delete) with nothing ticked: say so on the page at
// once, before any confirm and without posting (the server would answer the same, a page later).
// Listened for on the document, while capturing, so it runs before the buttons' own confirm and
// still works after the list is swapped in again.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('#zip-form button[type="submit"]') : null;
  const note = document.getElementById('nothing-ticked');
  if (!button || !note) {
    return;
  }
  if (document.querySelector('input[form="zip-form"]:checked')) {
    note.hidden = true;
    return;
  }
  event.preventDefault();
  event.stopPropagation();
  note.hidden = false;
}, true);
