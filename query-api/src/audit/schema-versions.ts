/** A schema's registry id turned into its subject and version; ids never change, so answers are kept. */
export class SchemaVersions {
  private readonly known = new Map<number, Promise<Array<{ subject: string; version: number }>>>();
  private readonly registryUrl: string;

  constructor(registryUrl: string) {
    this.registryUrl = registryUrl;
  }

  /** The subject (of `topic`, when the same schema is registered under several) and version of schema `id`. */
  async of(id: number, topic: string): Promise<{ id: number; subject: string; version: number } | null> {
    let versions = this.known.get(id);
    if (versions === undefined) {
      versions = fetch(`${this.registryUrl}/schemas/ids/${id}/versions`).then(async (response) => {
        if (!response.ok) throw new Error(`the registry answered ${response.status} for schema ${id}`);
        return (await response.json()) as Array<{ subject: string; version: number }>;
      });
      this.known.set(id, versions);
      versions.catch(() => this.known.delete(id));
    }
    const all = await versions.catch(() => []);
    const found = all.find((entry) => entry.subject.startsWith(`${topic}-`)) ?? all[0];
    return found === undefined ? null : { id, subject: found.subject, version: found.version };
  }
}
