import type { Element } from 'hast';

/** An element's classes as a list (hast keeps className as an array, or leaves it out). */
export const classesOf = (element: Element): string[] => (Array.isArray(element.properties?.className) ? (element.properties.className as string[]) : []);
