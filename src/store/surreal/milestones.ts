import type { RecordId } from 'surrealdb';
import { _ } from '../../core/index.js';
import type { MilestonePatch, NewMilestone } from '../graph-store.js';
import type { Milestone } from '../records.js';
import { toDate } from './dates.js';
import { notFound } from './documents.js';
import { checkId, keyOf, newId, rid } from './ids.js';
import type { StoreSession } from './session.js';
import { checkDate, checkText } from './validate.js';

interface MilestoneRow {
  id?: RecordId;
  thread: string;
  date: Date;
  label: string;
}

function milestoneFromRow(row: MilestoneRow): Milestone {
  return { id: keyOf(row.id), threadId: row.thread, date: toDate(row.date), label: row.label };
}

export class MilestoneRecords {
  constructor(private readonly session: StoreSession) {}

  private async requireThread(id: string): Promise<void> {
    const [row] = await this.session.select('SELECT id FROM ONLY $id', { id: rid('thread', checkId(id, _('Thread'))) });
    if (!row) throw notFound(_('thread'), id);
  }

  createMilestone(input: NewMilestone): Promise<Milestone> {
    return this.session.exclusive(async () => {
      const id = input.id === undefined ? newId() : checkId(input.id, _('Milestone'));
      const milestone: Milestone = {
        id,
        threadId: checkId(input.threadId, _('Thread')),
        date: checkDate('date', input.date),
        label: checkText('label', input.label, { max: 200 }),
      };
      await this.requireThread(milestone.threadId);
      await this.session.transact(
        [{ sql: 'CREATE $id CONTENT $row', vars: { id: rid('milestone', id), row: { thread: milestone.threadId, date: milestone.date, label: milestone.label } } }],
        [{ type: 'milestone.created', payload: { id, threadId: milestone.threadId, label: milestone.label } }],
        [{ kind: 'milestone.created', milestone }],
      );
      return milestone;
    });
  }

  async getMilestone(id: string): Promise<Milestone> {
    const [row] = await this.session.select<MilestoneRow>('SELECT * FROM ONLY $id', { id: rid('milestone', checkId(id, _('Milestone'))) });
    if (!row) throw notFound(_('milestone'), id);
    return milestoneFromRow(row);
  }

  updateMilestone(id: string, patch: MilestonePatch): Promise<Milestone> {
    return this.session.exclusive(async () => {
      const next = { ...(await this.getMilestone(id)) };
      if (patch.threadId !== undefined) {
        next.threadId = checkId(patch.threadId, _('Thread'));
        await this.requireThread(next.threadId);
      }
      if (patch.date !== undefined) next.date = checkDate('date', patch.date);
      if (patch.label !== undefined) next.label = checkText('label', patch.label, { max: 200 });
      await this.session.transact(
        [{ sql: 'UPDATE $id CONTENT $row', vars: { id: rid('milestone', id), row: { thread: next.threadId, date: next.date, label: next.label } } }],
        [{ type: 'milestone.updated', payload: { id, fields: Object.keys(patch) } }],
        [{ kind: 'milestone.updated', milestone: next }],
      );
      return next;
    });
  }

  deleteMilestone(id: string): Promise<void> {
    return this.session.exclusive(async () => {
      const milestone = await this.getMilestone(id);
      await this.session.transact(
        [{ sql: 'DELETE $id', vars: { id: rid('milestone', id) } }],
        [{ type: 'milestone.deleted', payload: { id, label: milestone.label } }],
        [{ kind: 'milestone.deleted', id, threadId: milestone.threadId }],
      );
    });
  }

  async listMilestones(threadId?: string): Promise<Milestone[]> {
    const rows =
      threadId === undefined
        ? await this.session.selectComplete<MilestoneRow>('milestone', 'SELECT * FROM milestone ORDER BY date')
        : await this.session.select<MilestoneRow>('SELECT * FROM milestone WHERE thread = $thread ORDER BY date', { thread: checkId(threadId, _('Thread')) });
    return rows.map(milestoneFromRow);
  }
}
