// One file sent over the server's resumable uploads (the tus protocol 1.0.0, /api/v1/uploads;
// docs/API.md) in pieces of a few MiB, so that a dropped connection, a server restart or a page
// reload costs at most the piece in flight. A plain script (no library, nothing inline, as the
// CSP asks) that defines window.CofferResumableUpload; files.js uses it for large files.
//
// The upload's URL is kept in localStorage under the file's name, size and last-modified time
// and the target (folder or file), so choosing the same file again after a reload asks the
// server how much arrived (HEAD) and goes on from there. A 404 or 410 there means the upload is
// gone (finished, cancelled or expired): it starts again. A failed request is retried after
// 1, 2, 4 … 30 s, a bounded number of times, each time from the offset HEAD reports.
'use strict';

(() => {
  const TUS_VERSION = '1.0.0';
  const CHUNK_BYTES = 8 * 1024 * 1024;
  const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000];
  const STORAGE_PREFIX = 'coffer.upload:';

  // A failure that retrying cannot mend: the server refused the upload (quota, size, a name
  // it does not accept) and said why.
  class UploadRefused extends Error {}

  // The request could not reach the server, or the server could not answer now.
  class ConnectionLost extends Error {}

  class UploadCancelled extends Error {}

  const base64 = (text) => {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    for (const byte of bytes) {
      binary += String.fromCharCode(byte);
    }
    return window.btoa(binary);
  };

  const detailOf = (status, text) => {
    try {
      return JSON.parse(text).detail || `Failed (${status})`;
    } catch {
      return `Failed (${status})`;
    }
  };

  // Status codes worth another try: none (no answer), a lease still held (409), and the
  // server being busy, restarting or behind a proxy that lost it.
  const isTransient = (status) => status === 0 || status === 409 || status === 429 || status >= 500;

  class ResumableUpload {
    // options: endpoint (the uploads URL), metadata (tus metadata as an object of strings),
    // target (folder or file id, part of the storage key), headers (e.g. the CSRF header),
    // onProgress(sent, total), onRetry(delayMs), onResume(offset).
    constructor(file, options) {
      this.file = file;
      this.options = options;
      this.storageKey = `${STORAGE_PREFIX}${options.target}:${file.name}:${file.size}:${file.lastModified}`;
      this.url = null;
      this.xhr = null;
      this.cancelled = false;
      this.wakeUp = null;
    }

    // Sends the file; resolves with the id of the file it became.
    async start() {
      let failures = 0;
      let offset = await this.startOrResume();
      for (;;) {
        try {
          const result = await this.patch(offset);
          failures = 0;
          if (result.fileId) {
            this.forget();
            return result.fileId;
          }
          offset = result.offset;
        } catch (error) {
          if (!(error instanceof ConnectionLost) || failures >= RETRY_DELAYS_MS.length) {
            throw error;
          }
          await this.pause(RETRY_DELAYS_MS[failures]);
          failures += 1;
          const failedAt = offset;
          try {
            offset = await this.serverOffset();
          } catch (headError) {
            if (!(headError instanceof ConnectionLost)) {
              throw headError;
            }
            // Still unreachable: go round again, and the PATCH fails fast or works.
          }
          if (offset === null) {
            if (failedAt + CHUNK_BYTES >= this.file.size) {
              // The last piece went out and the answer was lost: the server removes an
              // upload once it is a file, so this one is most likely stored. Sending it
              // again would store it twice.
              throw new UploadRefused('The connection dropped as the last piece arrived: the file is probably '
                + 'stored. Look for it in the list, and choose it again if it is not there.');
            }
            // Gone while we were away (expired or removed): start over.
            offset = await this.create();
          }
        }
      }
    }

    // Cancels: stops sending and removes what the server holds of the upload. Resolves when
    // the server has let go of it (or could not be reached).
    cancel() {
      if (!this.cancelling) {
        this.cancelled = true;
        this.forget();
        this.xhr?.abort();
        this.wakeUp?.();
        this.cancelling = this.removeFromServer();
      }
      return this.cancelling;
    }

    async removeFromServer() {
      if (!this.url) {
        return;
      }
      // The aborted request may still hold the upload on the server for a moment (409).
      for (let attempt = 0; attempt < 10; attempt++) {
        const response = await this.request('DELETE', this.url).catch(() => null);
        if (response && (response.ok || response.status === 404 || response.status === 410)) {
          return;
        }
        await new Promise((resolve) => window.setTimeout(resolve, 500));
      }
    }

    async startOrResume() {
      const stored = window.localStorage.getItem(this.storageKey);
      if (stored) {
        this.url = stored;
        const offset = await this.withRetries(() => this.serverOffset());
        if (offset !== null) {
          this.options.onResume?.(offset);
          return offset;
        }
      }
      return this.create();
    }

    async create() {
      this.throwIfCancelled();
      const metadata = Object.entries(this.options.metadata)
        .map(([key, value]) => `${key} ${base64(value)}`)
        .join(',');
      const response = await this.withRetries(async () => {
        const answer = await this.request('POST', this.options.endpoint, {
          'Upload-Length': String(this.file.size),
          'Upload-Metadata': metadata,
        });
        if (answer.status !== 201) {
          await this.fail(answer);
        }
        return answer;
      });
      this.url = new URL(response.headers.get('Location'), window.location.href).toString();
      if (this.cancelled) {
        // Cancelled while the server was creating it: remove it too.
        await this.removeFromServer();
        throw new UploadCancelled('Cancelled');
      }
      window.localStorage.setItem(this.storageKey, this.url);
      return 0;
    }

    // The offset the server has, or null if the upload is gone (404, 410).
    async serverOffset() {
      this.throwIfCancelled();
      const response = await this.request('HEAD', this.url);
      if (response.status === 404 || response.status === 410) {
        this.forget();
        return null;
      }
      if (!response.ok) {
        // A HEAD answer has no body: no detail to show.
        if (isTransient(response.status)) {
          throw new ConnectionLost(`HEAD ${response.status}`);
        }
        throw new UploadRefused(`Failed (${response.status})`);
      }
      const offset = Number(response.headers.get('Upload-Offset'));
      this.options.onProgress?.(offset, this.file.size);
      return offset;
    }

    // Sends the piece from offset with XMLHttpRequest, which reports upload progress.
    patch(offset) {
      this.throwIfCancelled();
      const piece = this.file.slice(offset, Math.min(offset + CHUNK_BYTES, this.file.size));
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        this.xhr = xhr;
        xhr.open('PATCH', this.url);
        for (const [name, value] of Object.entries(this.headers())) {
          xhr.setRequestHeader(name, value);
        }
        xhr.setRequestHeader('Content-Type', 'application/offset+octet-stream');
        xhr.setRequestHeader('Upload-Offset', String(offset));
        xhr.upload.addEventListener('progress', (event) => {
          this.options.onProgress?.(offset + event.loaded, this.file.size);
        });
        xhr.addEventListener('load', () => {
          this.xhr = null;
          if (xhr.status === 204) {
            const next = Number(xhr.getResponseHeader('Upload-Offset'));
            this.options.onProgress?.(next, this.file.size);
            resolve({ offset: next, fileId: xhr.getResponseHeader('Coffer-File-Id') });
          } else if (xhr.status === 404 || xhr.status === 410) {
            // Gone mid-way: HEAD says so too, and the upload starts over.
            reject(new ConnectionLost(`PATCH ${xhr.status}`));
          } else if (isTransient(xhr.status)) {
            reject(new ConnectionLost(`PATCH ${xhr.status}`));
          } else {
            this.forget();
            reject(new UploadRefused(detailOf(xhr.status, xhr.responseText)));
          }
        });
        xhr.addEventListener('error', () => {
          this.xhr = null;
          reject(new ConnectionLost('PATCH failed'));
        });
        xhr.addEventListener('abort', () => {
          this.xhr = null;
          reject(new UploadCancelled('Cancelled'));
        });
        xhr.send(piece);
      });
    }

    // Runs step, retrying after a lost connection with the growing delays.
    async withRetries(step) {
      for (let failures = 0; ; failures++) {
        try {
          return await step();
        } catch (error) {
          if (!(error instanceof ConnectionLost) || failures >= RETRY_DELAYS_MS.length) {
            throw error;
          }
          await this.pause(RETRY_DELAYS_MS[failures]);
        }
      }
    }

    async pause(delay) {
      this.throwIfCancelled();
      this.options.onRetry?.(delay);
      await new Promise((resolve) => {
        this.wakeUp = resolve;
        window.setTimeout(resolve, delay);
      });
      this.wakeUp = null;
      this.throwIfCancelled();
    }

    async request(method, url, extraHeaders = {}) {
      try {
        return await fetch(url, {
          method,
          headers: { ...this.headers(), ...extraHeaders },
          cache: 'no-store',
          credentials: 'same-origin',
        });
      } catch (error) {
        throw new ConnectionLost(`${method} failed: ${error.message}`);
      }
    }

    // Throws what the server said of a refused request; retries those that may work later.
    async fail(response) {
      if (response.status === 0 || response.status === 429 || response.status >= 500) {
        throw new ConnectionLost(`${response.status}`);
      }
      this.forget();
      throw new UploadRefused(detailOf(response.status, await response.text()));
    }

    headers() {
      return { 'Tus-Resumable': TUS_VERSION, Accept: 'application/json', ...this.options.headers };
    }

    forget() {
      window.localStorage.removeItem(this.storageKey);
    }

    throwIfCancelled() {
      if (this.cancelled) {
        throw new UploadCancelled('Cancelled');
      }
    }
  }

  ResumableUpload.Refused = UploadRefused;
  ResumableUpload.Cancelled = UploadCancelled;
  ResumableUpload.ConnectionLost = ConnectionLost;
  window.CofferResumableUpload = ResumableUpload;
})();
