/**
 * Prometheus expands alert labels and annotations as Go templates: a literal `{{` is written
 * as the template action `{{ "{{" }}` so that the value comes out as given.
 */
export function templateLiteral(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}
