import { _, format } from '../../core/index.js';
import type { ImageMetadata } from '../../skills/core/image-viewer/index.js';

/** One line of the metadata panel. */
export interface MetadataRow {
  key: 'dimensions' | 'size' | 'format' | 'camera' | 'taken' | 'location';
  label: string;
  value: string;
  /** Shown with a warning: it can reveal where the person lives or was. */
  sensitive: boolean;
}

/** What the metadata panel lists, in order; facts the file does not hold are left out. */
export function metadataRows(metadata: ImageMetadata): MetadataRow[] {
  const rows: MetadataRow[] = [
    { key: 'dimensions', label: _('Dimensions'), value: format(_('{width} × {height} pixels'), { width: metadata.width, height: metadata.height }), sensitive: false },
    { key: 'size', label: _('File Size'), value: fileSize(metadata.fileSize), sensitive: false },
    { key: 'format', label: _('Format'), value: metadata.format.toUpperCase(), sensitive: false },
  ];
  const camera = cameraName(metadata.cameraMake, metadata.cameraModel);
  if (camera) rows.push({ key: 'camera', label: _('Camera'), value: camera, sensitive: false });
  if (metadata.takenAt) {
    // EXIF has no time zone: the reader took the camera's clock as UTC, so show it as written.
    rows.push({ key: 'taken', label: _('Date Taken'), value: metadata.takenAt.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }), sensitive: false });
  }
  if (metadata.location) {
    const { latitude, longitude } = metadata.location;
    rows.push({
      key: 'location',
      label: _('Location'),
      value: `${Math.abs(latitude).toFixed(5)}° ${latitude < 0 ? _('S') : _('N')}, ${Math.abs(longitude).toFixed(5)}° ${longitude < 0 ? _('W') : _('E')}`,
      sensitive: true,
    });
  }
  return rows;
}

/** "Canon Canon EOS 5D" reads badly: most cameras repeat the make in the model. */
function cameraName(make: string | null, model: string | null): string | null {
  if (make && model) return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
  return model ?? make;
}

function fileSize(bytes: number): string {
  // Decimal units, as GNOME Files shows them.
  if (bytes < 1000) return format(_('{count} bytes'), { count: bytes });
  const units = [_('kB'), _('MB'), _('GB')];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
