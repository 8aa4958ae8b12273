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
  width?: number;
  /** Prefixes the fields' ids (two forms on one page must not share an id). */
  name?: string;
  okText?: ReactNode;
  cancelText?: ReactNode;
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
    setError(null);
    try {
      await props.onSave(values);
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
      okText={props.okText}
      cancelText={props.cancelText}
      onCancel={props.onCancel}
      onOk={() => props.form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={props.width}
    >
      {error !== null && (
        <div className="gh-form-error">
          <ErrorAlert error={error} />
        </div>
      )}
      <Form<V>
        name={props.name}
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
