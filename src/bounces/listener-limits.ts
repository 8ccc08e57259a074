import type { SMTPServer, SMTPServerSession } from 'smtp-server';

/**
 * Open connections per client address. `open` is false when the address already holds `limit`;
 * `close` forgets a connection `open` accepted (smtp-server reports the close of a refused one
 * too, which must not free a place).
 */
export function createClientCounter(limit: number) {
  const byAddress = new Map<string, number>();
  const accepted = new Map<string, string>();
  return {
    open(sessionId: string, address: string): boolean {
      const count = byAddress.get(address) ?? 0;
      if (count >= limit) return false;
      byAddress.set(address, count + 1);
      accepted.set(sessionId, address);
      return true;
    },
    close(sessionId: string): void {
      const address = accepted.get(sessionId);
      if (address === undefined) return;
      accepted.delete(sessionId);
      const count = (byAddress.get(address) ?? 1) - 1;
      if (count > 0) byAddress.set(address, count);
      else byAddress.delete(address);
    },
  };
}

/** What this module uses of smtp-server's connection object (not part of its typed API). */
interface Connection {
  session: SMTPServerSession;
  send(code: number, message: string): void;
  close(): void;
}

/**
 * Answers 552 in the middle of DATA and closes the connection, so that the rest of an oversized
 * message is never read. smtp-server itself only flags the size and keeps reading to the final
 * dot before it replies (a 500 MB message is 500 MB read); its public API gives the data stream
 * no way to answer early, so this finds the session's connection in `server.connections`. If a
 * later smtp-server lacks it, the message is still discarded unread-into-memory and refused at
 * its end (the caller keeps nothing past the limit).
 */
export function refuseOversized(server: SMTPServer, session: SMTPServerSession, maxBytes: number) {
  const connections = (server as unknown as { connections?: Set<Connection> }).connections;
  for (const connection of connections ?? []) {
    if (connection.session !== session) continue;
    connection.send(552, `5.3.4 message exceeds the limit of ${maxBytes} bytes; closing`);
    connection.close();
    return;
  }
}
