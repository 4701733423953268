// Small progressive enhancements. Every page works without this file; the CSP allows only
// scripts from this origin, so all behaviour is attached here, never inline.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  // Forms that destroy something ask first: <form data-confirm="Delete …?">
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
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
