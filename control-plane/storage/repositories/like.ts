/** Escapes LIKE wildcards so user input matches literally (the default escape is "\"). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
