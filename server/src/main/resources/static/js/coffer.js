// Small progressive enhancements. Every page works without this file; the CSP allows only
// scripts from this origin, so all behaviour is attached here, never inline.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  // A message left by a script before it reloaded the page (e.g. after uploads).
  const flash = window.sessionStorage.getItem('coffer.flash');
  if (flash) {
    window.sessionStorage.removeItem('coffer.flash');
    const main = document.querySelector('main');
    const heading = main?.querySelector('h1');
    if (heading) {
      const note = document.createElement('p');
      note.className = 'flash success';
      note.setAttribute('role', 'status');
      note.textContent = flash;
      heading.after(note);
    }
  }

  // Forms that destroy something ask first: <form data-confirm="Delete …?">, or, where one
  // form has several buttons, the button that does: <button data-confirm="…">.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }
  for (const button of document.querySelectorAll('button[data-confirm]')) {
    button.addEventListener('click', (event) => {
      if (!window.confirm(button.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }

  // Print buttons (hidden until this script can serve them): the print stylesheet leaves
  // only the page's content, e.g. the recovery codes.
  for (const button of document.querySelectorAll('button[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }

  // Copy buttons copy the value of the input just before them.
  for (const button of document.querySelectorAll('button[data-copy-previous]')) {
    button.addEventListener('click', async () => {
      const input = button.previousElementSibling;
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = 'Copied';
      } catch {
        input.select();
      }
    });
  }
});
