export { decodeImage, decodeImageToFile, DEFAULT_MAX_SIDE, type DecodedImage, type DecodedImageFile, type DecodeOptions } from './image-decoder.js';
export { imageFileOf, type ImageFile } from './image-file.js';
export type { ImageLocation, ImageMetadata } from './image-metadata.js';
export { ImageViewerSkill, IMAGE_VIEWER_SKILL_ID, readImageMetadata } from './image-viewer-skill.js';
export { ensureThumbnail, thumbnailPath, THUMBNAIL_SIDE } from './thumbnail-cache.js';
export { CardThumbnails, type ThumbnailSource } from './card-thumbnails.js';
export { DecoderProcess, sharedDecoderProcess } from './decoder-process.js';
