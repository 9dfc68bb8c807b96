// CDN entry: one ES module that registers every element, for <script type="module"> pages.
import '../define-all.js';

export * from '../index.js';
