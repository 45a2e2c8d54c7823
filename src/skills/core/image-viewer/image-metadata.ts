import exifReader from 'exif-reader';
import type { Metadata } from 'sharp';

/** Where a photo was taken. Sensitive: it can reveal a home address. */
export interface ImageLocation {
  latitude: number;
  longitude: number;
  sensitive: true;
}

/** What the metadata panel shows about an image. Absent facts are null, never guessed. */
export interface ImageMetadata {
  /** As displayed, after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** sharp's name for the format: jpeg, png, webp, gif, svg. */
  format: string;
  fileSize: number;
  cameraMake: string | null;
  cameraModel: string | null;
  /** When the photo was taken, as the camera wrote it (EXIF keeps no time zone: read as UTC). */
  takenAt: Date | null;
  location: ImageLocation | null;
}

/** Builds the metadata from what sharp read and the file's size. */
export function imageMetadataOf(meta: Metadata, fileSize: number): ImageMetadata {
  // Orientations 5-8 turn the picture a quarter: the displayed sides swap.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const exif = meta.exif ? readExif(meta.exif) : null;
  return {
    width: turned ? height : width,
    height: turned ? width : height,
    format: meta.format ?? 'unknown',
    fileSize,
    cameraMake: text(exif?.Image?.Make),
    cameraModel: text(exif?.Image?.Model),
    takenAt: date(exif?.Photo?.DateTimeOriginal) ?? date(exif?.Image?.DateTime),
    location: locationOf(exif?.GPSInfo),
  };
}

function readExif(buffer: Buffer): exifReader.Exif | null {
  try {
    return exifReader(buffer);
  } catch {
    // Broken EXIF does not make the image unreadable; the facts it held are simply unknown.
    return null;
  }
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // Cameras pad these fields with NULs and spaces.
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed.length > 0 ? trimmed : null;
}

function date(value: unknown): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}

function locationOf(gps: Partial<exifReader.GPSInfoTags> | undefined): ImageLocation | null {
  if (!gps) return null;
  const latitude = degrees(gps.GPSLatitude, gps.GPSLatitudeRef, 'S');
  const longitude = degrees(gps.GPSLongitude, gps.GPSLongitudeRef, 'W');
  if (latitude === null || longitude === null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude, sensitive: true };
}

/** EXIF stores a coordinate as [degrees, minutes, seconds] and a hemisphere letter. */
function degrees(parts: unknown, ref: unknown, negative: string): number | null {
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((part) => typeof part === 'number' && Number.isFinite(part))) return null;
  const [d, m, s] = parts as [number, number, number];
  const value = d + m / 60 + s / 3600;
  return typeof ref === 'string' && ref.trim().toUpperCase() === negative ? -value : value;
}
