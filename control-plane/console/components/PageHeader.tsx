import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's h1 and its main actions. */
export function PageHeader(props: { title: string; extra?: ReactNode }) {
  return (
    <div className="gh-page-header">
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {props.title}
      </Typography.Title>
      {props.extra && <div>{props.extra}</div>}
    </div>
  );
}
