//! The arithmetic OFD's page model needs: affine transforms in OFD's `a b c d e f` order,
//! millimetres from Typst's points, axis-aligned boxes, and the fixed number format every
//! coordinate is written in (so the same page gives the same bytes).

use typst::layout::{Abs, Transform};

/// Millimetres in a point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// Millimetres of a Typst length.
pub fn mm(length: Abs) -> f64 {
    length.to_pt() * MM_PER_PT
}

/// An affine transform: `x' = a·x + c·y + e`, `y' = b·x + d·y + f` (OFD's CTM order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Affine {
    pub const IDENTITY: Affine = Affine {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    /// A Typst transform, its translation in millimetres.
    pub fn from_typst(t: &Transform) -> Affine {
        Affine {
            a: t.sx.get(),
            b: t.ky.get(),
            c: t.kx.get(),
            d: t.sy.get(),
            e: mm(t.tx),
            f: mm(t.ty),
        }
    }

    /// A translation by (`x`, `y`) mm.
    pub fn translate(x: f64, y: f64) -> Affine {
        Affine {
            e: x,
            f: y,
            ..Affine::IDENTITY
        }
    }

    /// `self` after `inner`: a point goes through `inner` first (Typst's `pre_concat`).
    pub fn then_inner(&self, inner: &Affine) -> Affine {
        Affine {
            a: self.a * inner.a + self.c * inner.b,
            b: self.b * inner.a + self.d * inner.b,
            c: self.a * inner.c + self.c * inner.d,
            d: self.b * inner.c + self.d * inner.d,
            e: self.a * inner.e + self.c * inner.f + self.e,
            f: self.b * inner.e + self.d * inner.f + self.f,
        }
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.a * x + self.c * y + self.e,
            self.b * x + self.d * y + self.f,
        )
    }

    /// The linear part's inverse applied to a vector, `None` for a singular transform.
    pub fn solve_linear(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let det = self.a * self.d - self.b * self.c;
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        Some((
            (self.d * x - self.c * y) / det,
            (self.a * y - self.b * x) / det,
        ))
    }

    /// True when the linear part is the identity (a pure translation).
    pub fn is_translation(&self) -> bool {
        (self.a - 1.0).abs() < 1e-9
            && self.b.abs() < 1e-9
            && self.c.abs() < 1e-9
            && (self.d - 1.0).abs() < 1e-9
    }

    /// How much the transform scales lengths (the square root of its area scale).
    pub fn scale(&self) -> f64 {
        (self.a * self.d - self.b * self.c).abs().sqrt()
    }
}

/// An axis-aligned box in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// The empty box, to be grown by [`Rect::include`].
    pub const EMPTY: Rect = Rect {
        x0: f64::INFINITY,
        y0: f64::INFINITY,
        x1: f64::NEG_INFINITY,
        y1: f64::NEG_INFINITY,
    };

    pub fn include(&mut self, (x, y): (f64, f64)) {
        if x.is_finite() && y.is_finite() {
            self.x0 = self.x0.min(x);
            self.y0 = self.y0.min(y);
            self.x1 = self.x1.max(x);
            self.y1 = self.y1.max(y);
        }
    }

    pub fn is_empty(&self) -> bool {
        !(self.x0 <= self.x1 && self.y0 <= self.y1)
    }

    /// The box grown by `by` mm on every side.
    pub fn grown(&self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    /// The box as OFD's `ST_Box`: `x y width height`.
    pub fn st_box(&self) -> String {
        format!(
            "{} {} {} {}",
            num(self.x0),
            num(self.y0),
            num(self.x1 - self.x0),
            num(self.y1 - self.y0)
        )
    }
}

/// A number as written in OFD: at most four decimals, no trailing zeros, no `-0`.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let mut s = format!("{value:.4}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(210.0), "210");
        assert_eq!(num(0.35277777), "0.3528");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-12.5), "-12.5");
    }

    #[test]
    fn transforms_compose_as_typst_does() {
        let outer = Affine::translate(10.0, 20.0);
        let inner = Affine {
            a: 0.5,
            ..Affine::IDENTITY
        };
        let t = outer.then_inner(&inner);
        assert_eq!(t.apply(4.0, 2.0), (12.0, 22.0));
        assert_eq!(t.solve_linear(1.0, 1.0), Some((2.0, 1.0)));
        assert!(!t.is_translation());
        assert!(outer.is_translation());
    }
}
