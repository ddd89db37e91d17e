export default function AuthInteraction() {
  return null;
}
