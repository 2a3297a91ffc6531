// Batch jobs on disk: one JSON file per job in the extension's storage, written atomically, so a job survives a
// reload or a crash of VS Code and its polling resumes. A file that does not parse is moved aside, never deleted.
import * as path from 'node:path';
import { isTempFile, nodeFileOps, writeFileAtomic, type FileOps } from '../history/atomicFile';
import { JOB_VERSION, type BatchJob } from './types';

export class BatchJobStore {
  constructor(
    private readonly dir: string,
    private readonly ops: FileOps = nodeFileOps,
  ) {}

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  async save(job: BatchJob): Promise<void> {
    await this.ops.mkdir(this.dir);
    await writeFileAtomic(this.file(job.id), JSON.stringify(job), this.ops);
  }

  async delete(id: string): Promise<void> {
    await this.ops.unlink(this.file(id)).catch(() => undefined);
  }

  /** Every readable job, newest first. */
  async loadAll(): Promise<BatchJob[]> {
    let names: string[];
    try {
      names = await this.ops.readdir(this.dir);
    } catch {
      return [];
    }
    const jobs: BatchJob[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || isTempFile(name)) continue;
      const file = path.join(this.dir, name);
      try {
        const job = JSON.parse(await this.ops.readFile(file)) as BatchJob;
        if (job.version !== JOB_VERSION || typeof job.id !== 'string') throw new Error('not a batch job');
        jobs.push(job);
      } catch {
        await this.ops.rename(file, `${file}.corrupt`).catch(() => undefined);
      }
    }
    return jobs.sort((a, b) => b.createdAt - a.createdAt);
  }
}
