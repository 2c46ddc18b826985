import Typography from '@material-ui/core/Typography';

/** Remarks a section carries on how its numbers were counted (e.g. a source's whole days). */
export function SectionNotes(props: { notes?: string[] }) {
  const notes = props.notes ?? [];
  if (notes.length === 0) return null;
  return (
    <div data-testid="section-notes">
      {notes.map(note => (
        <Typography
          key={note}
          variant="caption"
          color="textSecondary"
          component="p"
        >
          {note}
        </Typography>
      ))}
    </div>
  );
}
