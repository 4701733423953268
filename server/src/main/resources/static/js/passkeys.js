// Passkeys (WebAuthn) with Spring Security's endpoints: registering one on the account page
// ([data-passkey-register] form), signing in with one on the sign-in page and as the second step
// after the password ([data-passkey-sign-in] buttons). Every POST carries the CSRF token from the
// page's <meta> tags. Nothing here runs where the browser has no WebAuthn.
'use strict';

(() => {
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
  const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content || 'X-CSRF-TOKEN';

  const base64url = {
    encode(buffer) {
      const base64 = window.btoa(String.fromCharCode(...new Uint8Array(buffer)));
      return base64.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
    },
    decode(text) {
      const binary = window.atob(text.replace(/-/g, '+').replace(/_/g, '/'));
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
      }
      return bytes.buffer;
    }
  };

  function post(url, body) {
    const headers = { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    if (csrfToken) {
      headers[csrfHeader] = csrfToken;
    }
    return fetch(url, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      redirect: 'error',
      body: body ? JSON.stringify(body) : undefined
    });
  }

  async function problemDetail(response, fallback) {
    try {
      const problem = await response.json();
      return problem.detail || fallback;
    } catch (e) {
      return fallback;
    }
  }

  // The error paragraph becomes a .flash.error only when it has something to say, so an empty
  // one never counts as an error on the page.
  function showError(element, message) {
    if (element) {
      element.textContent = message;
      element.classList.add('flash', 'error');
      element.hidden = false;
    }
  }

  // Both ceremonies start by asking the server for options (and the challenge).
  async function ceremonyOptions(url) {
    const response = await post(url);
    if (!response.ok) {
      throw new Error('Could not start. Reload the page and try again.');
    }
    return response.json();
  }

  async function register(name) {
    const options = await ceremonyOptions('/webauthn/register/options');
    const publicKey = {
      ...options,
      challenge: base64url.decode(options.challenge),
      user: { ...options.user, id: base64url.decode(options.user.id) },
      excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: base64url.decode(c.id) }))
    };
    let created;
    try {
      created = await navigator.credentials.create({ publicKey });
    } catch (e) {
      throw new Error('No passkey was made (cancelled, timed out, or this device already has one for Coffer).');
    }
    const credential = {
      id: created.id,
      rawId: base64url.encode(created.rawId),
      response: {
        attestationObject: base64url.encode(created.response.attestationObject),
        clientDataJSON: base64url.encode(created.response.clientDataJSON),
        transports: created.response.getTransports ? created.response.getTransports() : []
      },
      type: created.type,
      clientExtensionResults: created.getClientExtensionResults(),
      authenticatorAttachment: created.authenticatorAttachment
    };
    const response = await post('/webauthn/register', { publicKey: { credential, label: name } });
    if (!response.ok) {
      throw new Error(await problemDetail(response, 'The passkey could not be saved. Try again.'));
    }
  }

  async function signIn() {
    const options = await ceremonyOptions('/webauthn/authenticate/options');
    const publicKey = {
      ...options,
      challenge: base64url.decode(options.challenge),
      allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: base64url.decode(c.id) }))
    };
    let assertion;
    try {
      assertion = await navigator.credentials.get({ publicKey });
    } catch (e) {
      throw new Error('No passkey was used (cancelled or timed out).');
    }
    const response = await post('/login/webauthn', {
      id: assertion.id,
      rawId: base64url.encode(assertion.rawId),
      response: {
        authenticatorData: base64url.encode(assertion.response.authenticatorData),
        clientDataJSON: base64url.encode(assertion.response.clientDataJSON),
        signature: base64url.encode(assertion.response.signature),
        userHandle: assertion.response.userHandle ? base64url.encode(assertion.response.userHandle) : undefined
      },
      credType: assertion.type,
      clientExtensionResults: assertion.getClientExtensionResults(),
      authenticatorAttachment: assertion.authenticatorAttachment
    });
    if (!response.ok) {
      throw new Error('That passkey did not work. It may have been deleted, or belong to another account.');
    }
    const result = await response.json();
    return result.redirectUrl || '/';
  }

  if (!window.PublicKeyCredential) {
    return;
  }

  for (const element of document.querySelectorAll('[data-passkey-only]')) {
    element.hidden = false;
  }
  for (const element of document.querySelectorAll('[data-passkey-unsupported]')) {
    element.hidden = true;
  }

  const form = document.querySelector('form[data-passkey-register]');
  if (form) {
    const error = form.parentElement.querySelector('[data-passkey-error]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      try {
        await register(form.elements.label.value.trim());
        // On the set-up page a user who must have a second factor is sent on to use it.
        window.location.assign(form.dataset.passkeyNext || '/account?passkeyAdded#passkeys');
      } catch (e) {
        showError(error, e.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  for (const button of document.querySelectorAll('button[data-passkey-sign-in]')) {
    const error = document.querySelector('[data-passkey-error]');
    button.addEventListener('click', async () => {
      error.hidden = true;
      button.disabled = true;
      try {
        window.location.assign(await signIn());
      } catch (e) {
        showError(error, e.message);
        button.disabled = false;
      }
    });
  }
})();
