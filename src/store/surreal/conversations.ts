import type { RecordId } from 'surrealdb';
import { _ } from '../../core/index.js';
import type { FieldCipher } from '../field-cipher.js';
import type { NewMessage } from '../graph-store.js';
import { MESSAGE_ROLES, type Conversation, type Message } from '../records.js';
import { toDate } from './dates.js';
import { notFound } from './documents.js';
import { checkId, keyOf, newId, rid } from './ids.js';
import type { StoreSession } from './session.js';
import { checkEnum, checkLimit, checkNumber, checkText } from './validate.js';

interface ConversationRow {
  id: RecordId;
  title: string;
  created_at: Date;
  updated_at: Date;
}

interface MessageRow {
  id: RecordId;
  conversation: string;
  role: Message['role'];
  content: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  index: number;
}

function conversationFromRow(row: ConversationRow, cipher: FieldCipher): Conversation {
  const id = keyOf(row.id);
  return { id, title: cipher.open(`conversation:${id}`, 'title', row.title), createdAt: toDate(row.created_at), updatedAt: toDate(row.updated_at) };
}

function messageFromRow(row: MessageRow, cipher: FieldCipher): Message {
  const id = keyOf(row.id);
  return {
    id,
    conversationId: row.conversation,
    role: row.role,
    content: cipher.open(`message:${id}`, 'content', row.content),
    metadata: row.metadata ?? {},
    createdAt: toDate(row.created_at),
    index: Number(row.index),
  };
}

export class ConversationRecords {
  constructor(private readonly session: StoreSession) {}

  async createConversation(title: string): Promise<Conversation> {
    const checked = checkText('title', title, { empty: true, max: 500 });
    return this.session.exclusive(async () => {
      const now = new Date();
      const id = newId();
      await this.session.transact(
        [{ sql: 'CREATE $id CONTENT $row', vars: { id: rid('conversation', id), row: { title: this.session.cipher.seal(`conversation:${id}`, 'title', checked), created_at: now, updated_at: now } } }],
        [{ type: 'conversation.created', payload: { id, title: checked } }],
        [],
      );
      return { id, title: checked, createdAt: now, updatedAt: now };
    });
  }

  async getConversation(id: string): Promise<Conversation> {
    const [row] = await this.session.select<ConversationRow>('SELECT * FROM ONLY $id', { id: rid('conversation', checkId(id, _('Conversation'))) });
    if (!row) throw notFound(_('conversation'), id);
    return conversationFromRow(row, this.session.cipher);
  }

  async renameConversation(id: string, title: string): Promise<Conversation> {
    const checked = checkText('title', title, { empty: true, max: 500 });
    return this.session.exclusive(async () => {
      const conversation = await this.getConversation(id);
      await this.session.transact(
        [{ sql: 'UPDATE $id SET title = $title', vars: { id: rid('conversation', id), title: this.session.cipher.seal(`conversation:${id}`, 'title', checked) } }],
        [{ type: 'conversation.renamed', payload: { id, title: checked } }],
        [],
      );
      return { ...conversation, title: checked };
    });
  }

  async listConversations(options: { limit?: number } = {}): Promise<Conversation[]> {
    const rows = await this.session.select<ConversationRow>('SELECT * FROM conversation ORDER BY updated_at DESC LIMIT $limit', {
      limit: checkLimit('limit', options.limit, 100, 10_000),
    });
    return rows.map((row) => conversationFromRow(row, this.session.cipher));
  }

  deleteConversation(id: string): Promise<void> {
    return this.session.exclusive(async () => {
      await this.getConversation(id);
      await this.session.transact(
        [
          { sql: 'DELETE message WHERE conversation = $key', vars: { key: id } },
          { sql: 'DELETE $id', vars: { id: rid('conversation', id) } },
        ],
        [{ type: 'conversation.deleted', payload: { id } }],
        [],
      );
    });
  }

  async appendMessage(conversationId: string, message: NewMessage): Promise<Message> {
    const role = checkEnum('role', message.role, MESSAGE_ROLES);
    const content = checkText('content', message.content, { empty: true });
    const metadata = message.metadata ?? {};
    return this.session.exclusive(async () => {
      await this.getConversation(conversationId);
      const [last] = await this.session.select<{ index: number }>(
        'SELECT index FROM message WHERE conversation = $key ORDER BY index DESC LIMIT 1',
        { key: conversationId },
      );
      const index = last ? Number(last.index) + 1 : 0;
      const now = new Date();
      const id = newId();
      await this.session.transact(
        [
          { sql: 'CREATE $id CONTENT $row', vars: { id: rid('message', id), row: { conversation: conversationId, role, content: this.session.cipher.seal(`message:${id}`, 'content', content), metadata, created_at: now, index } } },
          { sql: 'UPDATE $id SET updated_at = $now', vars: { id: rid('conversation', conversationId), now } },
        ],
        [{ type: `message.${role}`, payload: { conversationId, messageId: id, index } }],
        [],
      );
      return { id, conversationId, role, content, metadata, createdAt: now, index };
    });
  }

  async listMessages(conversationId: string, options: { limit?: number; afterIndex?: number } = {}): Promise<Message[]> {
    await this.getConversation(conversationId);
    const rows = await this.session.select<MessageRow>(
      'SELECT * FROM message WHERE conversation = $key AND index > $after ORDER BY index LIMIT $limit',
      { key: conversationId, after: options.afterIndex === undefined ? -1 : checkNumber('afterIndex', options.afterIndex), limit: checkLimit('limit', options.limit, 1000, 100_000) },
    );
    return rows.map((row) => messageFromRow(row, this.session.cipher));
  }
}
