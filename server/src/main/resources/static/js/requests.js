// The public page of a request link: sends the form with a progress bar. It posts the very
// same multipart form to the same address as the browser would without this script (the CSRF
// token is in the form's action), so the server's checks are the same either way. On success
// the server redirects to the thank-you page, which the request follows; on an error it answers
// the form page with the message, which is shown here.
//
// When a file is as large as the resumable threshold or larger, the files go one by one over the
// link's resumable uploads instead (/r/{token}/uploads, the tus protocol, resumable-upload.js):
// in pieces, so a dropped connection or a reload costs at most the piece in flight, and choosing
// the same files again goes on where they stopped. The sender's fields travel in each upload's
// metadata and are checked as a post's are; each file arrives when its last piece does.
'use strict';

(() => {
  const form = document.getElementById('drop-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const progress = document.getElementById('drop-progress');
  const status = document.getElementById('drop-status');
  const button = form.querySelector('button[type="submit"]');
  const filesInput = document.getElementById('dropFiles');
  const Resumable = window.CofferResumableUpload;
  const resumableBytes = Number(form.dataset.resumableBytes || 0);
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content || 'X-CSRF-TOKEN';

  const showError = (message) => {
    button.disabled = false;
    progress.hidden = true;
    status.textContent = message;
    status.classList.add('flash', 'error');
  };

  // Sends the files one after another over resumable uploads; then the thank-you page.
  const sendResumable = async (files) => {
    const total = files.reduce((sum, file) => sum + file.size, 0);
    const field = (name) => form.elements[name]?.value ?? '';
    let done = 0;
    for (const [index, file] of files.entries()) {
      const upload = new Resumable(file, {
        endpoint: form.dataset.resumableUrl,
        target: form.dataset.resumableUrl,
        metadata: {
          filename: file.name,
          senderName: field('name'),
          senderEmail: field('email'),
          senderMessage: field('message'),
          website: field('website'),
        },
        headers: csrfToken ? { [csrfHeader]: csrfToken } : {},
        onProgress: (sent) => {
          const percent = total > 0 ? Math.floor(((done + sent) / total) * 100) : 100;
          progress.value = percent;
          status.textContent = `Sending file ${index + 1} of ${files.length}: ${percent}%`;
        },
        onRetry: () => {
          status.textContent = 'The connection was lost. Trying again…';
        },
      });
      try {
        await upload.start();
      } catch (error) {
        const arrived = index === 0 ? '' : `${index} of ${files.length} files arrived. `;
        if (error instanceof Resumable.ConnectionLost) {
          showError(`${arrived}The connection was lost: what was sent is kept. `
            + 'Send the same files again to go on where it stopped.');
        } else {
          showError(`${arrived}${error.message}`);
        }
        return;
      }
      done += file.size;
    }
    window.location.assign(form.dataset.sentUrl);
  };

  const errorOf = (xhr) => {
    if (xhr.status === 429) {
      const wait = xhr.getResponseHeader('Retry-After');
      return `Too many attempts. Try again in ${wait || 'a few'} seconds.`;
    }
    const page = new DOMParser().parseFromString(xhr.responseText || '', 'text/html');
    // The page's own message, never its first paragraph (the eyebrow line above the title).
    const message = page.querySelector('main [role="alert"], main h1 + p');
    return message ? message.textContent.trim() : `Sending failed (${xhr.status}).`;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const files = Array.from(filesInput?.files || []);
    if (Resumable && resumableBytes > 0 && form.checkValidity()
        && files.some((file) => file.size >= resumableBytes)) {
      button.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      status.classList.remove('flash', 'error');
      status.textContent = 'Sending…';
      sendResumable(files);
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'text/html');
    xhr.upload.addEventListener('progress', (progressEvent) => {
      if (progressEvent.lengthComputable) {
        const percent = Math.floor((progressEvent.loaded / progressEvent.total) * 100);
        progress.value = percent;
        status.textContent = `Sending: ${percent}%`;
      }
    });
    xhr.addEventListener('load', () => {
      button.disabled = false;
      if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL.endsWith('/sent')) {
        window.location.assign(xhr.responseURL);
        return;
      }
      showError(errorOf(xhr));
    });
    xhr.addEventListener('error', () => {
      button.disabled = false;
      progress.hidden = true;
      status.textContent = 'The connection was lost: nothing was stored. Try again.';
    });
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.classList.remove('flash', 'error');
    status.textContent = 'Sending…';
    xhr.send(new FormData(form));
  });
})();
