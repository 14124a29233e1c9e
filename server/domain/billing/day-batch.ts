/**
 * The day rows of one usage write, by service, in columns that are filled, written and then refilled.
 * A daily run buffers a few hundred thousand rows on their way to the database. Held as one object per
 * row (or as fresh arrays per batch) they outlive a couple of young-generation collections, get
 * promoted and sit in the old generation until a full collection: tens of MB of peak memory. Typed
 * columns reused from batch to batch make the buffer a fixed few hundred kB.
 */

/** One day to store for a service: absolute bytes, as the panel reported them. */
export interface DayBytes {
  day: string;
  downloadBytes: number;
  uploadBytes: number;
}

// serverIds holds -1 for "no server": ids are positive
const NO_SERVER = -1;

/** Days of many services: service `s` owns the next `rowCount(s)` rows after those of the services before it. */
export class DayBatch {
  /** services added since the last clear() */
  services = 0;
  /** rows added since the last clear() */
  rows = 0;
  private serviceIds = new Float64Array(256);
  private serverIds = new Float64Array(256);
  private rowCounts = new Uint32Array(256);
  private days: string[] = [];
  private download = new Float64Array(8192);
  private upload = new Float64Array(8192);

  /**
   * Appends one service's days.
   * @param dayName returns the one copy of a day string the caller shares between services (identity by default)
   */
  add(serviceId: number, serverId: number | null, days: readonly DayBytes[], dayName: (day: string) => string = (day) => day): void {
    if (this.services === this.serviceIds.length) {
      this.serviceIds = grown(this.serviceIds);
      this.serverIds = grown(this.serverIds);
      this.rowCounts = grown(this.rowCounts);
    }
    this.serviceIds[this.services] = serviceId;
    this.serverIds[this.services] = serverId ?? NO_SERVER;
    this.rowCounts[this.services++] = days.length;
    while (this.rows + days.length > this.download.length) {
      this.download = grown(this.download);
      this.upload = grown(this.upload);
    }
    for (const d of days) {
      this.days[this.rows] = dayName(d.day);
      this.download[this.rows] = d.downloadBytes;
      this.upload[this.rows++] = d.uploadBytes;
    }
  }

  /** Service `s` (0-based, in the order added). */
  service(s: number): { serviceId: number; serverId: number | null; rowCount: number } {
    const serverId = this.serverIds[s];
    return { serviceId: this.serviceIds[s], serverId: serverId === NO_SERVER ? null : serverId, rowCount: this.rowCounts[s] };
  }

  /** The day of row `r` (0-based, over all services); rows are read column by column, without an object each. */
  day(r: number): string {
    return this.days[r];
  }

  /** The download bytes of row `r`. */
  downloadBytes(r: number): number {
    return this.download[r];
  }

  /** The upload bytes of row `r`. */
  uploadBytes(r: number): number {
    return this.upload[r];
  }

  /** Empties the batch for reuse, keeping its columns. */
  clear(): void {
    this.services = 0;
    this.rows = 0;
  }
}

function grown<T extends Float64Array | Uint32Array>(column: T): T {
  const bigger = new (column.constructor as new (n: number) => T)(column.length * 2);
  bigger.set(column);
  return bigger;
}
