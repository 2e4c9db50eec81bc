// The files Kamailio starts from: kamailio.cfg, rendered and checked (`kamailio -c`) as a
// candidate and then promoted, and the engine tables (the agent is their only writer, WAL). Each
// promotion is noted as what a next agent may adopt a running Kamailio for (engineOwnership.ts),
// each table write as what the next start sizes private memory for (engineStartSizing.ts).
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { checkCandidateCfg, discardCandidateCfg, promoteCandidateCfg } from './engineFiles';
import type { EnginePaths } from './engineFiles';
import type { EngineOwnership } from './engineOwnership';
import { kamailioSettings } from './engineSpecs';
import type { EngineStartSizing } from './engineStartSizing';
import type { KamailioEngineOptions } from './driverOptions';
import { renderKamailioCfg } from './kamailio/renderCfg';
import type { KamailioSettings, KamailioSystemParams } from './kamailio/renderCfg';
import { planEngineTables } from './kamailio/routingPlan';
import { writeEngineTables } from './kamailio/schema';
import type { EngineTablesInput } from './kamailio/schema';
import { snapshotToEngine } from './snapshotToEngine';
import type { EngineConfig } from './snapshotToEngine';
import type { TlsPaths } from './tlsFiles';

export class KamailioStartFiles {
  /** The configuration whose listening addresses the promoted cfg holds (null before the first). */
  listening: EngineConfig | null = null;
  /** The cfg and tables of a whole snapshot are in place (prepare() succeeded once). */
  prepared = false;
  private db: BetterSqlite3.Database | null = null;

  constructor(
    private readonly o: KamailioEngineOptions,
    private readonly paths: EnginePaths,
    private readonly tls: TlsPaths,
    private readonly sizing: EngineStartSizing,
    private readonly ownership: EngineOwnership,
  ) {}

  /** What kamailio.cfg is rendered from; listening where `cfg` says (by default the promoted cfg's addresses). */
  settings(params: KamailioSystemParams, cfg: EngineConfig | null = this.listening): KamailioSettings {
    return kamailioSettings(this.o, this.paths, this.tls, this.sizing.sizing, params, cfg);
  }

  /** Renders the cfg for `cfg` and checks it as the candidate file (`kamailio -c`); its text. */
  async candidate(cfg: EngineConfig): Promise<string> {
    const text = renderKamailioCfg(this.settings(cfg.params, cfg));
    await checkCandidateCfg(this.o.kamailioBin, this.paths, text);
    return text;
  }

  discardCandidate(): void {
    discardCandidateCfg(this.paths);
  }

  /** Writes the tables in one transaction (a failure rolls the rows back). */
  writeTables(tables: EngineTablesInput): void {
    this.sizing.noteTables(writeEngineTables(this.database(), tables));
  }

  /** The checked candidate (`text`, rendered for `cfg`) becomes the cfg Kamailio starts from. */
  promote(text: string, cfg: EngineConfig): void {
    promoteCandidateCfg(this.paths);
    this.noteRendered(text, cfg);
    this.listening = cfg;
  }

  /** Renders, checks and promotes the cfg and writes the tables for `snapshot`; its engine form. */
  async prepare(snapshot: ConfigSnapshot): Promise<EngineConfig> {
    const cfg = snapshotToEngine(snapshot);
    const text = await this.candidate(cfg);
    this.noteRendered(text, cfg);
    this.listening = cfg;
    this.writeTables(cfg.tables);
    promoteCandidateCfg(this.paths);
    this.prepared = true;
    return cfg;
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  /** Notes the hash of a cfg about to be promoted with its tables: what the next Kamailio start reads. */
  private noteRendered(cfgText: string, cfg: EngineConfig): void {
    this.ownership.noteKamailioFiles(cfgText, JSON.stringify(planEngineTables(cfg.tables)));
  }

  private database(): BetterSqlite3.Database {
    if (!this.db) {
      this.db = new Database(this.paths.db);
      this.db.pragma('busy_timeout = 2000');
    }
    return this.db;
  }
}
