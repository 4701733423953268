// The public page of a request link: sends the form with a progress bar. It posts the very
// same multipart form to the same address as the browser would without this script (the CSRF
// token is in the form's action), so the server's checks are the same either way. On success
// the server redirects to the thank-you page, which the request follows; on an error it answers
// the form page with the message, which is shown here.
'use strict';

(() => {
  const form = document.getElementById('drop-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const progress = document.getElementById('drop-progress');
  const status = document.getElementById('drop-status');
  const button = form.querySelector('button[type="submit"]');

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
      progress.hidden = true;
      status.textContent = errorOf(xhr);
      status.classList.add('flash', 'error');
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
