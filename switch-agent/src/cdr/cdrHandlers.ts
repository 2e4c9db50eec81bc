// cdr.* over the agent's database (read-only queries; the ingester is the only writer).
import type { Database } from 'better-sqlite3';
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { HandlerMap } from '../rpc/dispatcher';
import { CdrCursorError, searchCdrs } from './cdrSearch';
import { cdrStats } from './cdrStats';

export function cdrHandlers(db: Database): HandlerMap<Pick<typeof AGENT_METHODS, 'cdr.search' | 'cdr.stats'>> {
  return {
    'cdr.search': (p) => {
      try {
        return searchCdrs(db, p);
      } catch (e) {
        if (!(e instanceof CdrCursorError)) throw e;
        const message = e.message.replace(/^cursor: /, '');
        throw new RpcError('VALIDATION_FAILED', e.message, { errors: [{ path: 'cursor', message }], warnings: [] });
      }
    },
    'cdr.stats': (p) => cdrStats(db, p),
  };
}
