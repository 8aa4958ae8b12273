// The console's "add / edit" dialog: a form in a modal that submits through the caller's save
// function, keeps the dialog open (OK button spinning) while it runs, and shows the server's
// refusal with its code above the fields when it throws. The caller closes the dialog itself
// once the save succeeded.
import { Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.tsx';

export function FormDialog<V extends object>(props: {
  open: boolean;
  title: ReactNode;
  width: number;
  form: FormInstance<V>;
  initialValues: Partial<V>;
  onSave: (values: V) => Promise<void>;
  onCancel: () => void;
  children: ReactNode;
}) {
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const finish = async (values: V) => {
    setSaving(true);
    try {
      await props.onSave(values);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      onOk={() => props.form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={props.width}
    >
      {error !== null && <ErrorAlert error={error} />}
      <Form<V>
        form={props.form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => void finish(v)}
        initialValues={props.initialValues}
      >
        {props.children}
      </Form>
    </Modal>
  );
}
