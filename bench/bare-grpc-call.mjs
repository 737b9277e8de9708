// The floor for the verbs' figures: the barest program that makes the call `status ID`
// makes, one unary GetInstance over node:http2 with a hand-encoded request, then prints the
// gRPC status and exits. No argument parsing, no protobuf library, no output formatting.
// Plain JavaScript run by node itself. Usage: node bench/bare-grpc-call.mjs HOST:PORT ID
import { connect } from 'node:http2';

const [address, instanceId] = process.argv.slice(2);
const id = Buffer.from(instanceId);
if (id.length > 127) throw new Error('the instance ID must be shorter than 128 bytes');
// GetInstanceRequest { instanceId = 1 }: tag (field 1, length-delimited), length, bytes.
const message = Buffer.concat([Buffer.from([0x0a, id.length]), id]);
const prefix = Buffer.alloc(5);
prefix.writeUInt32BE(message.length, 1);

const session = connect(`http://${address}`);
const stream = session.request({
  ':method': 'POST',
  ':path': '/TaskHubSidecarService/GetInstance',
  'content-type': 'application/grpc',
  te: 'trailers',
});
let received = 0;
let status = 'none';
stream.on('data', (chunk) => {
  received += chunk.length;
});
stream.on('trailers', (trailers) => {
  status = String(trailers['grpc-status']);
});
stream.on('close', () => {
  process.stdout.write(`grpc-status ${status}, ${received} bytes\n`);
  if (status !== '0') process.exitCode = 1;
  session.close();
});
stream.end(Buffer.concat([prefix, message]));
