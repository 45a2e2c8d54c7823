import type { Surreal } from 'surrealdb';
import { createLogger, type SovereignConfig } from '../../core/index.js';
import type { StoreChangeListener } from '../changes.js';
import { closeSurreal, connectSurreal } from '../connection/connect.js';
import type { FileCipher } from '../../core/crypto/index.js';
import { PLAIN_FIELDS, type FieldCipher } from '../field-cipher.js';
import type {
  BatchOptions,
  Direction,
  DocumentPatch,
  DocumentQuery,
  EventQuery,
  GraphStore,
  MilestonePatch,
  NewCommit,
  NewDocument,
  NewMessage,
  NewMilestone,
  NewRelationship,
  NewThread,
  SaveOptions,
  ThreadPatch,
  TraversalOptions,
} from '../graph-store.js';
import { sealLaterFields } from './seal-later-fields.js';
import { migrate } from '../schema/migrate.js';
import { exportSnapshot } from '../snapshot/export-snapshot.js';
import { verifySchema } from '../schema/verify-schema.js';
import { ConversationRecords } from './conversations.js';
import { DocumentRecords } from './documents.js';
import { EventRecords } from './events.js';
import { MilestoneRecords } from './milestones.js';
import { RelationshipRecords } from './relationships.js';
import { StoreSession, databaseError } from './session.js';
import { ThreadRecords } from './threads.js';
import { VersionRecords } from './versions.js';

const log = createLogger('store');

/** GraphStore over SurrealDB: each record kind in its own module, sharing one session. */
export class SurrealGraphStore implements GraphStore {
  private readonly documents: DocumentRecords;
  private readonly threads: ThreadRecords;
  private readonly milestones: MilestoneRecords;
  private readonly links: RelationshipRecords;
  private readonly versions: VersionRecords;
  private readonly events: EventRecords;
  private readonly conversations: ConversationRecords;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly location: string,
    private readonly db: Surreal,
    private readonly session: StoreSession,
  ) {
    this.documents = new DocumentRecords(session);
    this.threads = new ThreadRecords(session);
    this.milestones = new MilestoneRecords(session);
    this.links = new RelationshipRecords(session);
    this.versions = new VersionRecords(session, this.documents);
    this.events = new EventRecords(session);
    this.conversations = new ConversationRecords(session);
  }

  static async open(url: string, config: SovereignConfig['store'], cipher: FieldCipher = PLAIN_FIELDS): Promise<SurrealGraphStore> {
    const db = await connectSurreal(url, config);
    try {
      await migrate(db);
      await verifySchema(db);
      await sealLaterFields(db, cipher);
      const session = await StoreSession.open(db, cipher);
      log.debug('opened', { url });
      return new SurrealGraphStore(url, db, session);
    } catch (error) {
      await closeSurreal(db);
      // The first reads after connecting are where damage usually shows: say so, not "InternalError".
      throw databaseError(error);
    }
  }

  get files(): FileCipher | null {
    return this.session.cipher.files;
  }

  get lastEventSeq(): number {
    return this.session.lastEventSeq;
  }

  get lastChangeSeq(): number {
    return this.session.changes.lastSeq;
  }

  subscribe(listener: StoreChangeListener): () => void {
    return this.session.changes.subscribe(listener);
  }

  exportSnapshot(): AsyncIterable<Uint8Array> {
    return exportSnapshot(this.db);
  }

  close(): Promise<void> {
    this.closing ??= this.session
      .exclusive(async () => undefined)
      .then(() => {
        this.session.markClosed();
        return closeSurreal(this.db);
      });
    return this.closing;
  }

  // documents
  createDocument(input: NewDocument, options?: SaveOptions) {
    return this.documents.createDocument(input, options);
  }
  createDocuments(inputs: readonly NewDocument[], options: BatchOptions = {}) {
    return this.documents.createDocuments(inputs, options, (batch) => this.links.createRelationships(options.relationships ?? [], batch));
  }
  getDocument(id: string) {
    return this.documents.getDocument(id);
  }
  findDocument(id: string) {
    return this.documents.findDocument(id);
  }
  getDocuments(ids: readonly string[]) {
    return this.documents.getDocuments(ids);
  }
  getDocumentMeta(id: string) {
    return this.documents.getDocumentMeta(id);
  }
  updateDocument(id: string, patch: DocumentPatch, options?: SaveOptions) {
    return this.documents.updateDocument(id, patch, options);
  }
  deleteDocument(id: string) {
    return this.documents.deleteDocument(id);
  }
  listDocuments(query?: DocumentQuery) {
    return this.documents.listDocuments(query);
  }
  allDocumentMeta() {
    return this.documents.allDocumentMeta();
  }
  scanDocuments(pageSize?: number) {
    return this.documents.scanDocuments(pageSize);
  }
  findByTitlePrefix(prefix: string, limit?: number) {
    return this.documents.findByTitlePrefix(prefix, limit);
  }
  countDocuments() {
    return this.documents.countDocuments();
  }

  // threads
  createThread(input: NewThread) {
    return this.threads.createThread(input);
  }
  getThread(id: string) {
    return this.threads.getThread(id);
  }
  findThreadByName(name: string) {
    return this.threads.findThreadByName(name);
  }
  updateThread(id: string, patch: ThreadPatch) {
    return this.threads.updateThread(id, patch);
  }
  deleteThread(id: string) {
    return this.threads.deleteThread(id);
  }
  listThreads() {
    return this.threads.listThreads();
  }

  // milestones
  createMilestone(input: NewMilestone) {
    return this.milestones.createMilestone(input);
  }
  getMilestone(id: string) {
    return this.milestones.getMilestone(id);
  }
  updateMilestone(id: string, patch: MilestonePatch) {
    return this.milestones.updateMilestone(id, patch);
  }
  deleteMilestone(id: string) {
    return this.milestones.deleteMilestone(id);
  }
  listMilestones(threadId?: string) {
    return this.milestones.listMilestones(threadId);
  }

  // relationships
  createRelationship(input: NewRelationship) {
    return this.links.createRelationship(input);
  }
  createRelationships(inputs: readonly NewRelationship[], options?: Omit<BatchOptions, 'relationships'>) {
    return this.links.createRelationships(inputs, options);
  }
  getRelationship(id: string) {
    return this.links.getRelationship(id);
  }
  updateRelationshipStrength(id: string, strength: number) {
    return this.links.updateRelationshipStrength(id, strength);
  }
  deleteRelationship(id: string) {
    return this.links.deleteRelationship(id);
  }
  relationshipsOf(documentId: string, direction?: Direction) {
    return this.links.relationshipsOf(documentId, direction);
  }
  allRelationships() {
    return this.links.allRelationships();
  }
  traverse(documentId: string, options?: TraversalOptions) {
    return this.links.traverse(documentId, options);
  }

  // versions
  commit(input: NewCommit) {
    return this.versions.commit(input);
  }
  getCommit(id: string) {
    return this.versions.getCommit(id);
  }
  listCommits(documentId: string, options?: { branch?: string; limit?: number }) {
    return this.versions.listCommits(documentId, options);
  }
  allCommits(documentId: string) {
    return this.versions.allCommits(documentId);
  }
  listBranches(documentId: string) {
    return this.versions.listBranches(documentId);
  }
  currentBranch(documentId: string) {
    return this.versions.currentBranch(documentId);
  }
  createBranch(documentId: string, name: string, fromCommit?: string) {
    return this.versions.createBranch(documentId, name, fromCommit);
  }
  switchBranch(documentId: string, name: string) {
    return this.versions.switchBranch(documentId, name);
  }
  deleteBranch(documentId: string, name: string) {
    return this.versions.deleteBranch(documentId, name);
  }

  // event log
  appendEvent(type: string, payload: Record<string, unknown>) {
    return this.events.appendEvent(type, payload);
  }
  listEvents(query?: EventQuery) {
    return this.events.listEvents(query);
  }
  latestEvent(type: string) {
    return this.events.latestEvent(type);
  }

  // conversations
  createConversation(title: string) {
    return this.conversations.createConversation(title);
  }
  getConversation(id: string) {
    return this.conversations.getConversation(id);
  }
  renameConversation(id: string, title: string) {
    return this.conversations.renameConversation(id, title);
  }
  listConversations(options?: { limit?: number }) {
    return this.conversations.listConversations(options);
  }
  deleteConversation(id: string) {
    return this.conversations.deleteConversation(id);
  }
  appendMessage(conversationId: string, message: NewMessage) {
    return this.conversations.appendMessage(conversationId, message);
  }
  listMessages(conversationId: string, options?: { limit?: number; afterIndex?: number }) {
    return this.conversations.listMessages(conversationId, options);
  }
}
