// 评论接口的类型与客户端
export interface Comment {
  id: number;
  author: string;
  body: string;
  replies?: Comment[];
}

type Result<T, E = Error> = { ok: true; value: T } | { ok: false; error: E };

export enum Status {
  Pending = "pending",
  Approved = "approved",
}

export abstract class Client<T extends { id: number }> {
  protected constructor(private readonly base: string) {}

  abstract decode(raw: unknown): T;

  async get(id: number): Promise<Result<T>> {
    try {
      const res = await fetch(`${this.base}/comments/${id}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return { ok: true, value: this.decode(await res.json()) };
    } catch (error) {
      return { ok: false, error: error as Error };
    }
  }
}

export function count<K extends keyof Comment>(items: readonly Comment[], key: K): number {
  return items.reduce((n, c) => n + (c[key] !== undefined ? 1 : 0), 0);
}

declare const VERSION: string;
export const label = <const T,>(x: T): T => x satisfies unknown;
