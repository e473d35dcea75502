// The download template's images: the image server's index and the local cache.
export { getCatalogue, indexUrl, INDEX_PATH } from "./catalogue";
export { downloadImages, imageChoicesForCreate, type DownloadImages } from "./create-images";
export { deleteImage, refreshImage, imageServerSchema } from "./image-actions";
export { imageCacheRoot, listCachedImages } from "./local-cache";
