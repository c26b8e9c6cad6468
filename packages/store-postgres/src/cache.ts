import type { Head } from './load.js';

/**
 * The state each participant was left in by this store's last command, for the next command to be decided
 * on without loading it: at most `size` participants, the least recently used dropped first. An entry is
 * only ever trusted as far as the write it leads to: a command decided on it is appended only when the
 * participant is still at its version (`appendCommand`), and anything else — another writer was first, a
 * refusal, a command that changed nothing — is decided again on a fresh load.
 */
export interface HeadCache {
  get(participantId: string): Head | undefined;
  set(participantId: string, head: Head): void;
  delete(participantId: string): void;
  clear(): void;
}

export function headCache(size: number): HeadCache {
  const heads = new Map<string, Head>();
  return {
    get(participantId) {
      const head = heads.get(participantId);
      if (head) {
        // A Map iterates in insertion order: re-inserting keeps the oldest first, to be dropped.
        heads.delete(participantId);
        heads.set(participantId, head);
      }
      return head;
    },
    set(participantId, head) {
      if (size <= 0) return;
      heads.delete(participantId);
      heads.set(participantId, head);
      if (heads.size > size) heads.delete(heads.keys().next().value!);
    },
    delete(participantId) {
      heads.delete(participantId);
    },
    clear() {
      heads.clear();
    },
  };
}
