import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql';
import { errorMessage } from '../client';
import { parseDate } from '../format';
import type { StepField, StepSpec } from './steps';

const CellMembers = graphql(`
  query CellMembers($cellId: ID!) {
    members(first: 100, filter: { under: $cellId, statuses: [OFFICIAL] }) { nodes { id fullName } }
  }
`);

interface Refusal {
  message: string;
  rule: string | null;
  code: string | null;
}

function dateRules(field: StepField) {
  return [
    { required: field.required, message: `Nhập ${field.label.toLowerCase()}` },
    { validator: (_: unknown, value: string | undefined) => (!value || parseDate(value) ? Promise.resolve() : Promise.reject(new Error('Ngày theo dạng ngày/tháng/năm, ví dụ 05/12/2026'))) },
  ];
}

/** The next step as a form: only rendered for a user whose rules allow it; the server decides. */
export function StepForm({ spec, candidate, onDone, testId = 'step' }: { spec: StepSpec; candidate: { id: string; version: number; cellId: string | null }; onDone(): void; testId?: string }) {
  const client = useClient();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const needsMembers = spec.fields.some((f) => f.kind === 'member' || f.kind === 'members');
  const [{ data: members }] = useQuery({ query: CellMembers, variables: { cellId: candidate.cellId ?? '' }, pause: !needsMembers || !candidate.cellId });
  const memberOptions = (members?.members.nodes ?? []).map((m) => ({ value: m.id, label: m.fullName }));

  async function submit(values: Record<string, unknown>) {
    setRefusal(null);
    const input: Record<string, unknown> = { candidateId: candidate.id, version: candidate.version };
    for (const field of spec.fields) {
      const value = values[field.name];
      if (value === undefined || value === null || value === '') continue;
      const converted = field.kind === 'date' && typeof value === 'string' ? parseDate(value) : value;
      // "youthUnion.committeeName": a field of a nested input.
      const [outer, inner] = field.name.split('.');
      if (outer && inner) input[outer] = { ...(input[outer] as Record<string, unknown> | undefined), [inner]: converted };
      else input[field.name] = converted;
    }
    setSending(true);
    const result = await spec.run(client, input);
    setSending(false);
    if (result.error) {
      const first = result.error.graphQLErrors[0];
      const rule = first?.extensions?.rule;
      setRefusal({ message: errorMessage(result.error) ?? '', rule: typeof rule === 'string' ? rule : null, code: typeof first?.extensions?.code === 'string' ? first.extensions.code : null });
      return;
    }
    form.resetFields();
    onDone();
  }

  return (
    <Card title={`Ghi nhận: ${spec.title}`} size="small" data-testid={`${testId}-form`}>
      {refusal && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid={`${testId}-refused`}
          style={{ marginBottom: 12 }}
          title={refusal.code === 'RULE_VIOLATION' ? 'Bước này bị từ chối theo quy định' : refusal.code === 'CONFLICT' ? 'Người khác đã thay đổi hồ sơ' : 'Không ghi nhận được'}
          description={
            <>
              <div>{refusal.message}</div>
              {refusal.rule && (
                <Typography.Text type="secondary">
                  Quy định: <Typography.Text code>{refusal.rule}</Typography.Text>
                </Typography.Text>
              )}
            </>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        {spec.fields.map((field) => {
          switch (field.kind) {
            case 'date':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label} rules={dateRules(field)}>
                  <Input placeholder="ngày/tháng/năm" inputMode="numeric" autoComplete="off" />
                </Form.Item>
              );
            case 'count':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label} rules={[{ required: field.required, message: `Nhập ${field.label.toLowerCase()}` }]}>
                  <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
                </Form.Item>
              );
            case 'member':
            case 'members':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label} rules={[{ required: field.required, message: `Chọn ${field.label.toLowerCase()}` }]}>
                  <Select mode={field.kind === 'members' ? 'multiple' : undefined} options={memberOptions} showSearch={{ optionFilterProp: 'label' }} placeholder="Chọn đảng viên của chi bộ" />
                </Form.Item>
              );
            case 'select':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label} rules={[{ required: field.required, message: `Chọn ${field.label.toLowerCase()}` }]}>
                  <Select options={field.options ?? []} allowClear={!field.required} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              );
            case 'textarea':
              return (
                <Form.Item key={field.name} name={field.name} label={field.label} rules={[{ required: field.required, message: `Nhập ${field.label.toLowerCase()}` }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              );
            default:
              return (
                <Form.Item key={field.name} name={field.name} label={field.label} rules={[{ required: field.required, message: `Nhập ${field.label.toLowerCase()}` }]}>
                  <Input />
                </Form.Item>
              );
          }
        })}
        <Button type="primary" htmlType="submit" loading={sending}>
          Ghi nhận
        </Button>
      </Form>
    </Card>
  );
}
