// Copies text; false when the browser refuses (the clipboard API needs https or localhost).
export async function copy(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}
