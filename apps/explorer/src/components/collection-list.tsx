import { useRepoDescribeRepo } from "bluesky/react-query/repoDescribeRepo.js";
import type { ReactNode } from "react";
import { describeError } from "../lib/errors.js";

/** The account's collections (describeRepo); the selected one is marked for screen readers too. */
export function CollectionList(props: {
  did: string;
  selected: string | undefined;
  onSelect: (collection: string) => void;
}): ReactNode {
  const repo = useRepoDescribeRepo({ repo: props.did });
  if (repo.isPending) return <p role="status">Loading collections…</p>;
  if (repo.isError) return <p className="field-error">{describeError(repo.error)}</p>;
  if (repo.data.collections.length === 0) return <p>No records yet.</p>;
  return (
    <ul className="plain-list">
      {repo.data.collections.map((collection) => (
        <li key={collection}>
          <button
            type="button"
            className="list-item"
            aria-current={collection === props.selected ? "true" : undefined}
            onClick={() => props.onSelect(collection)}
          >
            {collection}
          </button>
        </li>
      ))}
    </ul>
  );
}
