import QtQuick
import QtQuick.Shapes

// A 24×24 SVG path (Material-style icons), drawn at `size` in `color`.
Item {
    id: icon

    property string path: ""
    property color color: "white"
    property real size: 24

    implicitWidth: size
    implicitHeight: size

    Shape {
        width: 24
        height: 24
        scale: icon.size / 24
        transformOrigin: Item.TopLeft
        preferredRendererType: Shape.CurveRenderer
        ShapePath {
            fillColor: icon.color
            strokeWidth: -1
            PathSvg { path: icon.path }
        }
    }
}
