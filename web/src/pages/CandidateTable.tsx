import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Table, Tag, type TableColumnsType } from 'antd';
import type { CombinedError } from 'urql';
import { errorMessage } from '../client';
import { formatDate, workingDaysText } from '../format';

interface CandidateRow {
  id: string;
  fullName: string;
  cell?: { name: string } | null;
  deadline?: { dueOn: string; overdue: boolean; workingDaysLeft: number } | null;
}

/** A table of candidates (the list, the deadlines): each name leads to the candidate; a failed query shows its error above it. */
export function CandidateTable<Row extends CandidateRow>(props: { rows: Row[]; loading: boolean; error?: CombinedError; width: number; empty: string; columns: TableColumnsType<Row> }) {
  return (
    <>
      {props.error && <Alert type="error" showIcon role="alert" title={errorMessage(props.error)} style={{ marginBottom: 12 }} />}
      <Table<Row>
        size="small"
        rowKey="id"
        loading={props.loading}
        dataSource={props.rows}
        pagination={false}
        scroll={{ x: props.width }}
        locale={{ emptyText: props.empty }}
        columns={[{ title: 'Họ và tên', dataIndex: 'fullName', render: (name: string, row) => <Link to={`/doi-tuong/${encodeURIComponent(row.id)}`}>{name}</Link> }, ...props.columns]}
      />
    </>
  );
}

/** The candidate's next deadline: red when overdue, the working days left otherwise. */
export function deadlineTag(row: CandidateRow): ReactNode {
  return row.deadline ? <Tag color={row.deadline.overdue ? 'red' : 'gold'}>{formatDate(row.deadline.dueOn)} · {workingDaysText(row.deadline.workingDaysLeft)}</Tag> : '';
}

export const cellName = (row: CandidateRow): string => row.cell?.name ?? '';
