// The PDF viewer page (templates/files/pdf.html): shows a PDF preview with the bundled PDF.js
// (Mozilla's pdfjs-dist, copied to /js/pdfjs/ by the build), one page at a time on a canvas,
// as wide as the page allows, with previous/next and zoom. The bytes come from the file's
// preview address, same origin, which serves them sandboxed, nosniff and typed by the server.
// Nothing of the PDF runs: PDF.js draws it, with eval off (isEvalSupported: false), and no
// annotation, form or script layer is used. docs/SECURITY.md, "Previews", says why.
import { getDocument, GlobalWorkerOptions } from './pdfjs/pdf.min.mjs';

// Same origin as this page, so the worker is started from its URL (no blob: URL); the CSP's
// worker-src falls back to script-src 'self', which allows it.
GlobalWorkerOptions.workerSrc = new URL('./pdfjs/pdf.worker.min.mjs', import.meta.url).href;

const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 4;
// Browsers refuse (or draw blank) canvases much larger than this; iOS Safari's limit.
const MAX_CANVAS_PIXELS = 16_777_216;

const viewer = document.querySelector('.pdf-viewer');
const toolbar = viewer.querySelector('.pdf-toolbar');
const status = viewer.querySelector('.pdf-status');
const pageNumber = viewer.querySelector('.pdf-page-number');
const frame = viewer.querySelector('.pdf-frame');
const canvas = viewer.querySelector('canvas.pdf-page');
const buttons = Object.fromEntries(
  [...viewer.querySelectorAll('button[data-pdf-action]')].map((button) => [button.dataset.pdfAction, button]));

let pdf = null;
let current = 1;
let zoom = 1; // relative to "fit width"
let drawing = null; // the render task of the page being drawn
let generation = 0; // increases with every draw request; a stale one stops
let drawnWidth = 0; // the frame's width when the page was last drawn

function say(message) {
  status.textContent = message;
  status.hidden = message === '';
}

async function open() {
  try {
    const response = await fetch(viewer.dataset.pdfUrl, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`The preview answered ${response.status}`);
    }
    const data = new Uint8Array(await response.arrayBuffer());
    pdf = await getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
  } catch (error) {
    const locked = error?.name === 'PasswordException';
    say(locked ? 'This PDF is protected by a password. Download it to read it.'
      : 'This PDF cannot be shown here. Download it to read it.');
    console.warn('PDF preview failed:', error);
    return;
  }
  viewer.dataset.pages = String(pdf.numPages);
  toolbar.hidden = false;
  frame.hidden = false;
  await draw();
}

async function draw() {
  const ticket = ++generation;
  if (drawing) {
    drawing.cancel();
    drawing = null;
  }
  let page;
  try {
    page = await pdf.getPage(current);
  } catch (error) {
    if (ticket === generation) {
      say('This page cannot be shown. Download the file to read it.');
    }
    console.warn('PDF page failed:', error);
    return;
  }
  if (ticket !== generation) {
    return;
  }
  const width = frame.clientWidth;
  const fit = width / page.getViewport({ scale: 1 }).width;
  const viewport = page.getViewport({ scale: fit * zoom });
  // Sharp on high-density screens, within the canvas size browsers allow.
  const density = Math.min(window.devicePixelRatio || 1,
    Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
  canvas.width = Math.floor(viewport.width * density);
  canvas.height = Math.floor(viewport.height * density);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  canvas.setAttribute('aria-label', `Page ${current} of ${pdf.numPages}`);
  pageNumber.textContent = `Page ${current} of ${pdf.numPages}`;
  buttons.previous.disabled = current === 1;
  buttons.next.disabled = current === pdf.numPages;
  buttons['zoom-out'].disabled = zoom <= MIN_ZOOM;
  buttons['zoom-in'].disabled = zoom >= MAX_ZOOM;
  say('');
  delete viewer.dataset.renderedPage;
  drawnWidth = width;
  drawing = page.render({
    canvasContext: canvas.getContext('2d'),
    viewport,
    transform: (density !== 1) ? [density, 0, 0, density, 0, 0] : null,
  });
  try {
    await drawing.promise;
  } catch (error) {
    if (error?.name === 'RenderingCancelledException') {
      return;
    }
    say('This page cannot be shown. Download the file to read it.');
    console.warn('PDF page failed:', error);
    return;
  }
  if (ticket === generation) {
    drawing = null;
    viewer.dataset.renderedPage = String(current); // for the tests: this page is drawn
  }
}

function go(page) {
  if (pdf && page >= 1 && page <= pdf.numPages && page !== current) {
    current = page;
    draw();
  }
}

function zoomTo(level) {
  zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, level));
  draw();
}

buttons.previous.addEventListener('click', () => go(current - 1));
buttons.next.addEventListener('click', () => go(current + 1));
buttons['zoom-out'].addEventListener('click', () => zoomTo(zoom / ZOOM_STEP));
buttons['zoom-in'].addEventListener('click', () => zoomTo(zoom * ZOOM_STEP));
buttons['fit-width'].addEventListener('click', () => zoomTo(1));

// "Fit width" follows the window (a phone turned sideways, a resized window).
new ResizeObserver(() => {
  if (pdf && frame.clientWidth !== drawnWidth) {
    draw();
  }
}).observe(frame);

open();
