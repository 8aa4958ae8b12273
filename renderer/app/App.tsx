// Placeholder shell until the desktop-client issue builds the enrollment and sign-in UI.
export function App() {
  return (
    <main>
      <h1>Gatehouse</h1>
      <p>Feishu/Lark zero-trust access · 飞书/Lark 零信任访问</p>
    </main>
  );
}
