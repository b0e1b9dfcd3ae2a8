import { useEffect, useState, type ReactNode } from "react";

interface Props {
  title: string;
  children?: ReactNode;
}

export function Card({ title, children }: Props) {
  const [open, setOpen] = useState<boolean>(false);
  const [likes, setLikes] = useState(0);

  useEffect(() => {
    document.title = `${title} · 博客`;
  }, [title]);

  return (
    <section className={open ? "card open" : "card"} data-likes={likes}>
      <h2 onClick={() => setOpen(!open)}>{title}</h2>
      {open && <div className="body">{children}</div>}
      <button type="button" disabled={likes > 99} onClick={() => setLikes((n) => n + 1)}>
        点赞 {likes}
      </button>
      {/* 评论区 */}
    </section>
  );
}

export default function App(): JSX.Element {
  const posts: Array<{ id: number; title: string }> = [{ id: 1, title: "你好" }];
  return <main>{posts.map((p) => <Card key={p.id} title={p.title} />)}</main>;
}
