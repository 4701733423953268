// Uploads a file to Coffer with the official tus client, tus-js-client, as a Node program would:
// node upload.js ENDPOINT TOKEN FILE CHUNK_SIZE NAME
// It stops itself after the first chunk, then resumes the same upload from its URL with a new
// Upload object (as a program restarted after a crash would), and prints "DONE <upload URL>".
const fs = require('fs');
const tus = require('tus-js-client');

const [endpoint, token, path, chunkSize, name] = process.argv.slice(2);
const size = fs.statSync(path).size;

function options(extra) {
  return Object.assign({
    endpoint,
    chunkSize: Number(chunkSize),
    uploadSize: size,
    headers: { Authorization: 'Bearer ' + token },
    metadata: { filename: name, filetype: 'application/octet-stream' },
    retryDelays: [0, 500, 1000],
    onError: (error) => {
      console.error('ERROR ' + error);
      process.exit(1);
    },
  }, extra);
}

const first = new tus.Upload(fs.createReadStream(path), options({
  onChunkComplete: (chunk, sent, total) => {
    if (sent < total) {
      console.log('STOPPED ' + sent);
      first.abort().then(() => resume(first.url));
    }
  },
  onSuccess: () => {
    console.error('ERROR finished before it could be stopped');
    process.exit(1);
  },
}));
first.start();

function resume(url) {
  const second = new tus.Upload(fs.createReadStream(path), options({
    uploadUrl: url,
    onSuccess: () => console.log('DONE ' + second.url),
  }));
  second.start();
}
