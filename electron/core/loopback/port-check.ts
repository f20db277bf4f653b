/** Whether a fixed redirect port can be listened on now: tried by listening on it for a moment. */
import { createServer } from 'node:net';
import { LOOPBACK_HOST } from './loopback-receiver.ts';

export type PortState = 'free' | 'in-use' | 'not-allowed';

export function checkLoopbackPort(port: number, host: string = LOOPBACK_HOST): Promise<PortState> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? 'in-use' : 'not-allowed'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}
